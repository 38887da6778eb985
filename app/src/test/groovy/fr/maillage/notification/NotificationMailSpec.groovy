package fr.maillage.notification

import fr.maillage.support.Accounts
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import groovy.json.JsonSlurper
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Instant

/**
 * E-mail from notifications, with a controlled clock and two nodes sharing one database:
 * digests at each person's morning hour in their own zone, urgent notices at once outside
 * quiet hours, never what was read, never twice; one-click unsubscribe.
 */
class NotificationMailSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-11-23T12:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp a = TestApp.start(clock: clock, nodeId: 'mail-a', properties: ['maillage.notification.mail-poll-interval': '1h'])
    @Shared
    @AutoCleanup
    TestApp b = TestApp.start(clock: clock, nodeId: 'mail-b', database: a.databaseUrl, properties: ['maillage.notification.mail-poll-interval': '1h'])
    @Shared
    def admin = Accounts.administrator(a)

    UUID idOf(def client) {
        UUID.fromString(client.get('/api/me').json.id as String)
    }

    def sql(String statement, List params) {
        a.bean(TransactionOperations).executeWrite { status ->
            a.bean(JdbcOperations).prepareStatement(statement) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                statement.trim().startsWith('SELECT') ? rows(ps.executeQuery()) : ps.executeUpdate()
            }
        }
    }

    static List<Map> rows(java.sql.ResultSet rs) {
        def list = []
        def meta = rs.metaData
        while (rs.next()) {
            list << (1..meta.columnCount).collectEntries { [meta.getColumnLabel(it), rs.getObject(it)] }
        }
        list
    }

    /** A new person in the given zone and language. */
    Map person(String zone, String language = 'fr') {
        def client = Accounts.invited(a, admin, 'member')
        def id = idOf(client)
        sql('UPDATE app_user SET time_zone = ?, language = ? WHERE id = ?', [zone, language, id])
        def email = sql('SELECT email FROM app_user WHERE id = ?', [id])[0].email
        [client: client, id: id, email: email]
    }

    UUID notice(UUID to, String title, boolean urgent = false) {
        def notice = Notice.of(to, 'discussion.mentioned', "/threads/${UUID.randomUUID()}", [title: title, author: 'Ada'])
        a.bean(NotificationService).notify(urgent ? notice.asUrgent() : notice).orElseThrow()
    }

    List<Map> mailsTo(String email) {
        sql("SELECT subject, text_body, html_body, headers::text AS headers FROM mail_outbox WHERE recipient = ? AND subject NOT LIKE 'Invitation%' ORDER BY created_at", [email])
    }

    /** Both nodes run the mailer at the same moment, twice over. */
    void runBothNodes() {
        2.times {
            def threads = [a, b].collect { node -> Thread.start { node.bean(NotificationMailer).run() } }
            threads*.join()
        }
    }

    def "a daily digest at 08:00 in Pacific/Noumea and in Europe/Paris goes out once each, with exactly the unread items"() {
        given: "at noon UTC, two people each get three notices and read the second"
        clock.set(Instant.parse('2026-11-23T12:00:00Z'))
        def noumea = person('Pacific/Noumea')
        def paris = person('Europe/Paris', 'en')
        [noumea, paris].each { p ->
            notice(p.id, 'Premier')
            def read = notice(p.id, 'Deuxième')
            notice(p.id, 'Troisième')
            assert p.client.post("/api/notifications/${read}/read", [:]).status == 200
        }

        when: "one minute before 08:00 in Nouméa (21:00 UTC)"
        clock.set(Instant.parse('2026-11-23T20:59:00Z'))
        runBothNodes()

        then:
        mailsTo(noumea.email).isEmpty()
        mailsTo(paris.email).isEmpty()

        when: "08:00 in Nouméa has passed"
        clock.set(Instant.parse('2026-11-23T21:00:30Z'))
        runBothNodes()
        def noumeaMails = mailsTo(noumea.email)

        then: "one digest for Nouméa, with the two unread, in French; none yet for Paris"
        noumeaMails.size() == 1
        noumeaMails[0].subject == 'Maillage : 2 nouveauté(s) pour vous'
        noumeaMails[0].text_body.contains('Ada vous a mentionné·e dans « Premier »')
        noumeaMails[0].text_body.contains('« Troisième »')
        !noumeaMails[0].text_body.contains('Deuxième')
        mailsTo(paris.email).isEmpty()

        when: "one minute before, then just after, 08:00 in Paris (07:00 UTC)"
        clock.set(Instant.parse('2026-11-24T06:59:00Z'))
        runBothNodes()
        def beforeParis = mailsTo(paris.email).size()
        clock.set(Instant.parse('2026-11-24T07:00:30Z'))
        runBothNodes()
        def parisMails = mailsTo(paris.email)

        then: "one digest for Paris, in English, and nothing more for Nouméa"
        beforeParis == 0
        parisMails.size() == 1
        parisMails[0].subject == 'Maillage: 2 new item(s) for you'
        parisMails[0].text_body.contains('Ada mentioned you in “Premier”')
        parisMails[0].text_body.contains('“Troisième”')
        !parisMails[0].text_body.contains('Deuxième')
        mailsTo(noumea.email).size() == 1

        when: "the next mornings come with nothing new"
        clock.set(Instant.parse('2026-11-25T07:00:30Z'))
        runBothNodes()

        then: "nothing is e-mailed twice"
        mailsTo(noumea.email).size() == 1
        mailsTo(paris.email).size() == 1
    }

    def "what is read in the app before the digest leaves is not in it, and a digest with nothing unread is not sent"() {
        given:
        clock.set(Instant.parse('2026-11-23T12:00:00Z'))
        def reader = person('Europe/Paris')
        def first = notice(reader.id, 'Lu à temps')

        when: "read just before 08:00"
        clock.set(Instant.parse('2026-11-24T06:59:00Z'))
        reader.client.post("/api/notifications/${first}/read", [:])
        clock.set(Instant.parse('2026-11-24T07:05:00Z'))
        runBothNodes()

        then:
        mailsTo(reader.email).isEmpty()
    }

    def "a weekly digest leaves only on its weekday, at its hour"() {
        given: "Monday 2026-11-23; the digest is for Wednesdays at 09:00 in Paris"
        clock.set(Instant.parse('2026-11-23T12:00:00Z'))
        def weekly = person('Europe/Paris')
        assert weekly.client.send('PUT', '/api/notifications/preferences',
                [digest: 'weekly', digestHour: 9, digestWeekday: 3, urgentImmediately: true, quietFrom: null, quietTo: null], [:]).status == 200
        notice(weekly.id, 'Hebdomadaire')

        when: "Tuesday 09:00 Paris"
        clock.set(Instant.parse('2026-11-24T08:01:00Z'))
        runBothNodes()

        then:
        mailsTo(weekly.email).isEmpty()

        when: "Wednesday 09:00 Paris"
        clock.set(Instant.parse('2026-11-25T08:01:00Z'))
        runBothNodes()

        then:
        mailsTo(weekly.email).size() == 1
        mailsTo(weekly.email)[0].text_body.contains('Hebdomadaire')
    }

    def "an urgent notice is e-mailed at once, but not in quiet hours, and never again in the digest"() {
        given: "quiet from 22:00 to 07:00 in Paris"
        def urgent = person('Europe/Paris')
        assert urgent.client.send('PUT', '/api/notifications/preferences',
                [digest: 'daily', digestHour: 8, digestWeekday: 1, urgentImmediately: true, quietFrom: 22, quietTo: 7], [:]).status == 200

        when: "23:30 in Paris"
        clock.set(Instant.parse('2026-11-23T22:30:00Z'))
        notice(urgent.id, 'Une aide proposée', true)
        runBothNodes()

        then:
        mailsTo(urgent.email).isEmpty()

        when: "07:30 in Paris, then after the 08:00 digest"
        clock.set(Instant.parse('2026-11-24T06:30:00Z'))
        runBothNodes()
        def atOnce = mailsTo(urgent.email)
        clock.set(Instant.parse('2026-11-24T07:01:00Z'))
        runBothNodes()

        then:
        atOnce.size() == 1
        atOnce[0].subject == 'Maillage : Ada vous a mentionné·e dans « Une aide proposée »'
        atOnce[0].text_body.contains('Ceci ne peut pas attendre votre résumé')
        mailsTo(urgent.email).size() == 1
    }

    def "someone who wants no immediate e-mail finds the urgent notice in the digest; none means none"() {
        given:
        clock.set(Instant.parse('2026-11-23T12:00:00Z'))
        def later = person('Europe/Paris')
        def never = person('Europe/Paris')
        later.client.send('PUT', '/api/notifications/preferences', [digest: 'daily', digestHour: 8, digestWeekday: 1, urgentImmediately: false], [:])
        never.client.send('PUT', '/api/notifications/preferences', [digest: 'none', digestHour: 8, digestWeekday: 1, urgentImmediately: false], [:])
        notice(later.id, 'Urgent mais plus tard', true)
        notice(never.id, 'Jamais', true)

        when:
        runBothNodes()
        def immediately = mailsTo(later.email).size()
        clock.set(Instant.parse('2026-11-24T07:01:00Z'))
        runBothNodes()

        then:
        immediately == 0
        mailsTo(later.email).size() == 1
        mailsTo(later.email)[0].subject == 'Maillage : 1 nouveauté(s) pour vous'
        mailsTo(never.email).isEmpty()
    }

    def "preferences are read with their defaults, validated and saved"() {
        given:
        def someone = person('Europe/Paris')

        expect:
        someone.client.get('/api/notifications/preferences').json ==
                [digest: 'daily', digestHour: 8, digestWeekday: 1, urgentImmediately: true]
        someone.client.send('PUT', '/api/notifications/preferences', [digest: 'hourly', digestHour: 8, digestWeekday: 1, urgentImmediately: true], [:]).status == 400
        someone.client.send('PUT', '/api/notifications/preferences', [digest: 'daily', digestHour: 24, digestWeekday: 1, urgentImmediately: true], [:]).status == 400
        someone.client.send('PUT', '/api/notifications/preferences', [digest: 'daily', digestHour: 8, digestWeekday: 1, urgentImmediately: true, quietFrom: 22], [:]).status == 400
        someone.client.send('PUT', '/api/notifications/preferences', [digest: 'weekly', digestHour: 7, digestWeekday: 5, urgentImmediately: false, quietFrom: 21, quietTo: 8], [:]).json ==
                [digest: 'weekly', digestHour: 7, digestWeekday: 5, urgentImmediately: false, quietFrom: 21, quietTo: 8]
        someone.client.get('/api/notifications/preferences').json.digest == 'weekly'
    }

    def "a digest has a plain-text part, a small HTML part without remote images, and RFC 8058 headers"() {
        given:
        clock.set(Instant.parse('2026-11-23T12:00:00Z'))
        def someone = person('Europe/Paris')
        notice(someone.id, 'Titre <b>piégé</b> & co')
        clock.set(Instant.parse('2026-11-24T07:01:00Z'))
        runBothNodes()

        when:
        def mail = mailsTo(someone.email)[0]
        def headers = new JsonSlurper().parseText(mail.headers)

        and: "either node may have assembled it (each test node has its own public URL)"
        def origin = [a.baseUrl, b.baseUrl].find { mail.text_body.contains(it as String) }

        then:
        origin
        mail.text_body.contains("${origin}/notifications#email")
        mail.text_body.contains("${origin}/unsubscribe/")
        mail.html_body.length() < 4000
        !mail.html_body.toLowerCase().contains('<img')
        mail.html_body.contains('Titre &lt;b&gt;piégé&lt;/b&gt; &amp; co')
        headers['List-Unsubscribe'] ==~ /<http:\/\/localhost:\d+\/mail\/unsubscribe\/[^>]+>/
        headers['List-Unsubscribe-Post'] == 'List-Unsubscribe=One-Click'
    }

    def "the one-click unsubscribe works without signing in, only for that person and that list"() {
        given:
        clock.set(Instant.parse('2026-11-23T12:00:00Z'))
        def leaving = person('Europe/Paris')
        def staying = person('Europe/Paris')
        [leaving, staying].each { notice(it.id, 'Pour le lien') }
        clock.set(Instant.parse('2026-11-24T07:01:00Z'))
        runBothNodes()
        String url = (new JsonSlurper().parseText(mailsTo(leaving.email)[0].headers)['List-Unsubscribe'] =~ /<(.+)>/)[0][1]
        String token = url.substring(url.lastIndexOf('/') + 1)
        def (user, list, signature) = token.split('\\.')
        def stayingId = idOf(staying.client).toString()

        expect: "tampered tokens do nothing"
        oneClick("${a.baseUrl}/mail/unsubscribe/${stayingId}.${list}.${signature}").statusCode() == 404
        oneClick("${a.baseUrl}/mail/unsubscribe/${user}.urgent.${signature}").statusCode() == 404
        oneClick("${a.baseUrl}/mail/unsubscribe/nonsense").statusCode() == 404

        when: "a mail client POSTs the header's URL, with no cookie and no CSRF token, on the other node"
        def (from, to) = url.startsWith(a.baseUrl) ? [a.baseUrl, b.baseUrl] : [b.baseUrl, a.baseUrl]
        def answer = oneClick(url.replace(from as String, to as String))

        then:
        answer.statusCode() == 200
        new JsonSlurper().parseText(answer.body()).list == 'digest'
        leaving.client.get('/api/notifications/preferences').json.digest == 'none'
        leaving.client.get('/api/notifications/preferences').json.urgentImmediately == true
        staying.client.get('/api/notifications/preferences').json.digest == 'daily'

        when: "new notices arrive: no digest for the one who left"
        clock.set(Instant.parse('2026-11-24T12:00:00Z'))
        [leaving, staying].each { notice(it.id, 'Après') }
        clock.set(Instant.parse('2026-11-25T07:01:00Z'))
        runBothNodes()

        then:
        mailsTo(leaving.email).size() == 1
        mailsTo(staying.email).size() == 2
    }

    HttpResponse<String> oneClick(String url) {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header('Content-Type', 'application/x-www-form-urlencoded')
                .POST(HttpRequest.BodyPublishers.ofString('List-Unsubscribe=One-Click')).build(), HttpResponse.BodyHandlers.ofString())
    }
}
