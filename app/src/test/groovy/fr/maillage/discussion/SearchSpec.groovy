package fr.maillage.discussion

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Search that speaks French: accents, case, plurals, stemming; never beyond what one may read. */
class SearchSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    def member = Accounts.invited(app, admin, 'member')
    @Shared
    def guest = Accounts.invited(app, admin, 'guest')
    @Shared
    LiveClient writer

    def setupSpec() {
        writer = LiveClient.connect(app.baseUrl, admin)
        thread('vie-du-reseau', 'Les économies d’énergie du tiers-lieu', 'Nous avons réduit la facture de chauffage.')
        thread('vie-du-reseau', 'Animation', 'Les politiques territoriales changent souvent.')
        thread('entraide-et-accueil', 'Premier pas', 'Comment FINANCER une association ? <script>alert(1)</script>')
        thread('comprendre-son-ecosysteme', 'Acteurs', 'Les collectivités et les entreprises du territoire.')
        thread('vie-du-reseau', 'Intercommunalité', 'Notre EPCI finance le tiers-lieu.')
        thread('vie-du-reseau', 'Économie', 'Les structures de l’économie sociale et solidaire du quartier.')
        thread('vie-du-reseau', 'Politique de la ville', 'Le QPV des Oliviers ouvre un jardin partagé.')
        thread('vie-du-reseau', 'Réseau rural', 'Nos tiers-lieux ruraux se rencontrent.')
        // The guest is invited to one theme only.
        app.bean(TransactionOperations).executeWrite {
            app.bean(JdbcOperations).prepareStatement("INSERT INTO theme_guest (theme_slug, user_id) VALUES ('entraide-et-accueil', ?)") { ps ->
                ps.setObject(1, UUID.fromString(guest.get('/api/me').json.id as String)); ps.executeUpdate()
            }
        }
    }

    def cleanupSpec() {
        writer?.close()
    }

    void thread(String theme, String title, String body) {
        def ack = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                  theme: theme, kind: 'discussion', title: title, body: body])
        assert ack.type == 'ack': ack
    }

    List<String> titles(def who, String q, String extra = '') {
        def reply = who.get("/api/search?q=${URLEncoder.encode(q, 'UTF-8')}${extra}")
        assert reply.status == 200: reply
        reply.json.hits*.threadTitle
    }

    def "'#query' finds '#title'"() {
        expect:
        titles(member, query).contains(title)

        where:
        query           || title
        'économie'      || 'Les économies d’énergie du tiers-lieu'
        'economies'     || 'Les économies d’énergie du tiers-lieu'
        'ECONOMIE'      || 'Les économies d’énergie du tiers-lieu'
        'energie'       || 'Les économies d’énergie du tiers-lieu'
        'chauffages'    || 'Les économies d’énergie du tiers-lieu'
        'territorial'   || 'Animation'
        'territoriale'  || 'Animation'
        'collectivite'  || 'Acteurs'
        'financer'      || 'Premier pas'
        'financement'   || 'Premier pas'
        'EPCI'          || 'Intercommunalité'
        'établissement public de coopération intercommunale' || 'Intercommunalité'
        'ESS'           || 'Économie'
        'économie sociale et solidaire' || 'Économie'
        'structures ESS'|| 'Économie'
    }

    def "the misses of issue 16 are found: '#query' finds '#title'"() {
        expect:
        titles(member, query).contains(title)

        where:
        query                    || title
        'tiers-lieux'            || 'Les économies d’énergie du tiers-lieu'
        'tiers lieux'            || 'Les économies d’énergie du tiers-lieu'
        'tiers-lieu'             || 'Réseau rural'
        'quartier prioritaire'   || 'Politique de la ville'
        'quartiers prioritaires' || 'Politique de la ville'
    }

    def "the plural and partial-acronym forms do not widen other searches"() {
        expect:
        !titles(member, 'tiers-lieux').contains('Politique de la ville')
        !titles(member, 'quartier prioritaire').contains('Réseau rural')
        titles(member, 'jardin partagé') == ['Politique de la ville']
    }

    def "an acronym with other words still needs the other words"() {
        expect:
        titles(member, 'ESS chauffage').isEmpty()
        titles(member, 'EPCI finance') == ['Intercommunalité']
    }

    def "the extract highlights the match and escapes the rest"() {
        when:
        def hit = member.get('/api/search?q=financer').json.hits.find { it.threadTitle == 'Premier pas' }

        then: "only the marks are markup"
        hit.extract.contains('<mark>FINANCER</mark>')
        hit.extract.replaceAll('</?mark>', '').indexOf('<') < 0

        and: "whatever the headline holds is escaped around the marks"
        DiscussionSearch.highlight('a \u0001b\u0002 <script>"x"&') == 'a <mark>b</mark> &lt;script&gt;&quot;x&quot;&amp;'
    }

    def "filters narrow the results: #filter"() {
        expect:
        titles(member, query, filter) == expected

        where:
        query       | filter                              || expected
        'chauffage' | '&theme=vie-du-reseau'              || ['Les économies d’énergie du tiers-lieu']
        'entreprise'| '&theme=comprendre-son-ecosysteme'  || ['Acteurs']
        'entreprise'| '&theme=vie-du-reseau'              || []
        'entreprise'| '&solved=true'                      || []
        'entreprise'| '&from=2000-01-01T00:00:00Z'        || ['Acteurs']
        'entreprise'| '&to=2000-01-01T00:00:00Z'          || []
    }

    def "a guest finds only what it may read"() {
        expect:
        titles(guest, 'financer') == ['Premier pas']
        titles(guest, 'economie').isEmpty()
        titles(guest, 'entreprise').isEmpty()
    }

    def "bad queries get problem+json: #what"() {
        when:
        def reply = member.get("/api/search${params}")

        then:
        reply.status == 400
        reply.problem

        where:
        what        | params
        'missing q' | ''
        'blank q'   | '?q=%20'
        'too long'  | '?q=' + ('a' * 201)
        'bad date'  | '?q=x&from=yesterday'
    }

    def "anonymous people cannot search"() {
        expect:
        app.client().get('/api/search?q=economie').status == 401
    }
}
