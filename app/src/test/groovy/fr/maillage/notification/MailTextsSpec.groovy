package fr.maillage.notification

import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand
import fr.maillage.discussion.DiscussionFrames.ReplyCommand
import fr.maillage.discussion.DiscussionService
import fr.maillage.support.Accounts
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import groovy.json.JsonSlurper
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Instant

/**
 * Every e-mail says what happened, from the one server catalogue (i18n/messages_fr and _en):
 * each notification kind has its own subject, body and link label in both languages; a post's
 * notice carries the post itself; a digest lists the posts grouped by theme and thread.
 */
class MailTextsSpec extends Specification {
    static final File ROOT = [new File('.'), new File('..')].find { new File(it, 'README.md').exists() && new File(it, 'app').isDirectory() }

    static Properties bundle(String language) {
        def properties = new Properties()
        new File(ROOT, "app/src/main/resources/i18n/messages_${language}.properties").withReader('UTF-8') { properties.load(it) }
        properties
    }

    /** The kinds the server sends, and every kind the web client has a message for. */
    static Set<String> kinds() {
        Set<String> kinds = new TreeSet<>(NotificationMessages.KINDS)
        new File(ROOT, 'web-client/src/i18n').eachFileRecurse { file ->
            if (file.name == 'fr.json' || file.name == 'en.json') {
                (new JsonSlurper().parse(file) as Map).keySet().findAll { it.startsWith('notification.kind.') && it != 'notification.kind.unknown' }
                        .each { kinds << it.substring('notification.kind.'.length()) }
            }
        }
        kinds
    }

    def "the notification kind #kind has its subject, body and link label in #language"() {
        given:
        def texts = bundle(language)

        expect:
        ['subject', 'body', 'action'].every { part -> texts.getProperty("notice.${kind}.${part}")?.trim() }

        where:
        [kind, language] << [kinds(), ['fr', 'en']].combinations()
    }

    def "the French and English catalogues have the same keys, and the kinds the code sends are all known to the web client"() {
        expect:
        bundle('fr').keySet() == bundle('en').keySet()
        kinds() == new TreeSet<>(NotificationMessages.KINDS)
    }

    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-12-03T12:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock, properties: ['maillage.notification.mail-poll-interval': '1h', 'maillage.notification.digest-max-items': '3'])
    @Shared
    def admin = Accounts.administrator(app)

    def sql(String statement, List params) {
        app.bean(TransactionOperations).executeWrite { status ->
            app.bean(JdbcOperations).prepareStatement(statement) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                statement.trim().startsWith('SELECT') ? NotificationMailSpec.rows(ps.executeQuery()) : ps.executeUpdate()
            }
        }
    }

    Map person(String zone, String language) {
        def client = Accounts.invited(app, admin, 'member')
        def id = UUID.fromString(client.get('/api/me').json.id as String)
        sql('UPDATE app_user SET time_zone = ?, language = ?, display_name = ? WHERE id = ?', [zone, language, 'Zoé', id])
        [client: client, id: id, email: sql('SELECT email FROM app_user WHERE id = ?', [id])[0].email]
    }

    List<Map> mailsTo(String email) {
        sql("SELECT subject, text_body, html_body FROM mail_outbox WHERE recipient = ? AND subject NOT LIKE 'Invitation%' ORDER BY created_at", [email])
    }

    static final Map DATA = [title: 'Le titre', author: 'Ada', theme: 'vie-du-reseau', requester: 'Rémi', helper: 'Hélène',
                             by: 'Bruno', workspace: 'Atelier', startsAt: '2026-12-08T13:00:00Z', timeZone: 'Europe/Paris']

    def "an urgent e-mail of the kind #kind in #language says it with its own words, at the time of the recipient's zone"() {
        given:
        def someone = person('America/Cayenne', language)
        def messages = app.bean(NotificationMessages)

        when:
        app.bean(NotificationService).notify(Notice.of(someone.id, kind, '/somewhere', DATA).asUrgent())
        app.bean(NotificationMailer).sendUrgent()
        def mail = mailsTo(someone.email)[0]

        then: "the subject is the kind's own, the body tells what happened, with the one link"
        mail.subject == messages.text(language, 'urgent.subject', [message: messages.notice(language, kind, DATA)])
        !mail.subject.contains('{') && !mail.text_body.contains('{')
        mail.text_body.contains(messages.find(language, "notice.${kind}.body").get().replaceAll(/\{\w+}.*/, '').trim())
        mail.text_body.contains("${app.baseUrl}/somewhere")
        mail.html_body.contains(messages.notice(language, kind, 'action', DATA))
        !mail.text_body.contains(messages.text(language, 'mail.other', [:]))

        and: "a session's time is told in the recipient's zone (13:00 UTC is 10:00 in Cayenne)"
        !kind.startsWith('session.') || mail.text_body.contains('10:00 (America/Cayenne)')

        where:
        [kind, language] << [NotificationMessages.KINDS, ['fr', 'en']].combinations()
    }

    def "a post's notice carries the post as text and light HTML, truncated with a link past the limit"() {
        given:
        def reader = person('Europe/Paris', 'fr')
        def writer = Accounts.invited(app, admin, 'member')
        def writerId = UUID.fromString(writer.get('/api/me').json.id as String)
        def discussions = app.bean(DiscussionService)
        def callers = app.bean(EmailCallers)
        def thread = discussions.createThread(callers.of(reader.id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'vie-du-reseau', 'discussion', 'Jardins partagés', 'Qui a un retour ?', null)).result().threadId as UUID
        String body = "Bonjour **tout le monde** ![pixel](https://tracker.example/p.png) <script>x</script>\n\n" + ('mot ' * 400) + 'FIN'

        when:
        discussions.reply(callers.of(writerId), new ReplyCommand(UUID.randomUUID().toString(), thread, body, null, [reader.id]))
        sql('UPDATE notification SET urgent = TRUE WHERE recipient_id = ?', [reader.id])
        app.bean(NotificationMailer).sendUrgent()
        def mail = mailsTo(reader.email)[0]

        then:
        mail.text_body.contains('vous a mentionné·e dans le fil « Jardins partagés » (thème Vie du réseau), le jeudi 3 décembre 2026 à 13:00 (Europe/Paris)')
        mail.text_body.contains('Bonjour tout le monde')
        mail.html_body.contains('<strong>tout le monde</strong>')
        !mail.html_body.toLowerCase().contains('<img')
        !mail.html_body.contains('<script')
        !mail.text_body.contains('FIN')
        mail.text_body.contains("Lire la suite dans Maillage : ${app.baseUrl}/threads/${thread}")
    }

    def "a digest lists the unread posts grouped by theme and thread, newest last, at most N, then how many more"() {
        given: "five unread notices in two threads and one help request, one read"
        clock.set(Instant.parse('2026-12-03T12:00:00Z'))
        def reader = person('Europe/Paris', 'en')
        def discussions = app.bean(DiscussionService)
        def callers = app.bean(EmailCallers)
        def writer = Accounts.invited(app, admin, 'member')
        def writerId = UUID.fromString(writer.get('/api/me').json.id as String)
        def first = discussions.createThread(callers.of(reader.id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'vie-du-reseau', 'discussion', 'First thread', 'Opening', null)).result().threadId as UUID
        def second = discussions.createThread(callers.of(reader.id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'vie-du-reseau', 'discussion', 'Second thread', 'Opening', null)).result().threadId as UUID
        ['one in first', 'two in second', 'three in first', 'four in first', 'five in second'].each { text ->
            clock.advance(java.time.Duration.ofMinutes(1))
            discussions.reply(callers.of(writerId), new ReplyCommand(UUID.randomUUID().toString(), text.endsWith('first') ? first : second,
                    "Post ${text}", null, null))
        }
        def read = reader.client.get('/api/notifications?limit=100').json.items.findAll { it.kind == 'discussion.replied' }.last()
        reader.client.post("/api/notifications/${read.id}/read", [:])

        when: "the 08:00 digest leaves"
        clock.set(Instant.parse('2026-12-04T07:01:00Z'))
        app.bean(NotificationMailer).sendDigests()
        def mail = mailsTo(reader.email)[0]
        def text = mail.text_body as String

        then: "three shown, grouped by thread in the order of their oldest post, the read one absent, then one more"
        mail.subject == 'Maillage: 4 new item(s) for you'
        !text.contains('Post one in first')
        text.indexOf('== Theme “Network life” ==') < text.indexOf('Thread “Second thread”')
        text.indexOf('Thread “Second thread”') < text.indexOf('Post two in second')
        text.indexOf('Post two in second') < text.indexOf('Thread “First thread”')
        text.indexOf('Thread “First thread”') < text.indexOf('Post three in first')
        text.indexOf('Post three in first') < text.indexOf('Post four in first')
        !text.contains('Post five in second')
        text.contains("… and 1 more: ${app.baseUrl}/notifications")
        mail.html_body.contains('… and 1 more')
        text.contains("${app.baseUrl}/threads/${first}")
    }
}
