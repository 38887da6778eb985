package fr.maillage.search

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

/**
 * Search everywhere (issue 16): sessions and workspaces found with the French stemming of the
 * discussions, and only what the reader may read.
 */
class SearchEverywhereSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-03-01T09:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    ApiClient admin
    @Shared
    ApiClient facilitator
    @Shared
    ApiClient member
    @Shared
    ApiClient outsider
    @Shared
    ApiClient guest
    @Shared
    Map workspace

    def setupSpec() {
        admin = Accounts.administrator(app)
        facilitator = Accounts.invited(app, admin, 'facilitator')
        member = Accounts.invited(app, admin, 'member')
        outsider = Accounts.invited(app, admin, 'member')
        guest = Accounts.invited(app, admin, 'guest')
        series('vie-du-reseau', 'Les financements européens des tiers-lieux', 'Un tour des fonds pour les territoires ultramarins.', '2026-04-14T10:00:00')
        series('entraide-et-accueil', 'Accueillir les nouveaux', 'Premiers pas dans le réseau.', '2026-04-20T10:00:00')
        series('vie-du-reseau', 'Bilan des économies d’énergie', 'Ce qui a marché.', '2026-03-05T10:00:00')
        // The guest reads one theme only.
        assert admin.send('PUT', "/api/themes/entraide-et-accueil/guests/${id(guest)}", null).status == 204
        def reply = member.post('/api/workspaces', [name: 'Modèles économiques', purpose: 'Écrire ensemble le kit des territoires'])
        assert reply.status == 201: reply.toString()
        workspace = reply.json as Map
        assert member.post("/api/workspaces/${workspace.id}/documents", [title: 'Kit tiers-lieu : financements']).status == 201
    }

    static String id(ApiClient who) {
        who.get('/api/me').json.id as String
    }

    void series(String theme, String title, String description, String firstStart) {
        def reply = facilitator.post('/api/peer-sessions/series', [theme: theme, title: title, description: description, format: 'online',
                durationMinutes: 60, firstStart: firstStart, recurrence: 'once'])
        assert reply.status == 201: reply.toString()
    }

    List<String> sessions(ApiClient who, String q) {
        def reply = who.get("/api/search/sessions?q=${URLEncoder.encode(q, 'UTF-8')}")
        assert reply.status == 200: reply.toString()
        (reply.json.hits ?: [])*.title
    }

    List<String> places(ApiClient who, String q) {
        def reply = who.get("/api/search/workspaces?q=${URLEncoder.encode(q, 'UTF-8')}")
        assert reply.status == 200: reply.toString()
        (reply.json.hits ?: []).collect { "${it.kind}:${it.title}" as String }
    }

    def "'#query' finds the session '#title', by its title or description, stemmed like discussions"() {
        expect:
        sessions(member, query).contains(title)

        where:
        query                || title
        'financement'        || 'Les financements européens des tiers-lieux'
        'europeen'           || 'Les financements européens des tiers-lieux'
        'tiers-lieu'         || 'Les financements européens des tiers-lieux'
        'territoire ultramarin' || 'Les financements européens des tiers-lieux'
        'accueil'            || 'Accueillir les nouveaux'
        'ECONOMIE'           || 'Bilan des économies d’énergie'
    }

    def "a hit points at the next occurrence, with the description's match highlighted"() {
        when:
        def hits = member.get('/api/search/sessions?q=financement%20ultramarin').json.hits

        then:
        hits.size() == 1
        hits[0].upcoming == true
        hits[0].occurrenceId
        (hits[0].startsAt as String).startsWith('2026-04-14')
        hits[0].title == 'Les financements européens des tiers-lieux'
        hits[0].extract.contains('<mark>ultramarins</mark>')
        hits[0].theme == 'vie-du-reseau'
    }

    def "a series whose only occurrence has passed is still found, marked as past"() {
        given:
        clock.set(Instant.parse('2026-03-10T09:00:00Z'))

        expect:
        def hits = member.get('/api/search/sessions?q=energie').json.hits
        hits*.title == ['Bilan des économies d’énergie']
        hits[0].upcoming == false
    }

    def "a guest finds only the sessions of the themes it was invited to"() {
        expect:
        sessions(guest, 'financements') == []
        sessions(guest, 'accueillir') == ['Accueillir les nouveaux']
    }

    def "workspaces and documents are found by the members only"() {
        expect:
        places(member, 'economique').contains('workspace:Modèles économiques')
        places(member, 'territoires').contains('workspace:Modèles économiques')
        places(member, 'tiers-lieux').contains('document:Kit tiers-lieu : financements')
        places(member, 'financement') == ['document:Kit tiers-lieu : financements']
        member.get('/api/search/workspaces?q=territoires').json.hits[0].extract.contains('<mark>territoires</mark>')
        places(outsider, 'economique') == []
        places(outsider, 'financement') == []
        places(admin, 'financement') == []
    }

    def "an empty or missing query is a validation problem; nobody signed out may search"() {
        expect:
        member.get('/api/search/sessions?q=').status == 400
        member.get('/api/search/workspaces').status == 400
        new ApiClient(app.baseUrl).get('/api/search/sessions?q=x').status == 401
    }
}
