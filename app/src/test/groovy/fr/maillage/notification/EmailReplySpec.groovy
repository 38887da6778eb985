package fr.maillage.notification

import com.icegreen.greenmail.util.GreenMail
import com.icegreen.greenmail.util.ServerSetup
import fr.maillage.discussion.DiscussionFrames.CreateThreadCommand
import fr.maillage.discussion.DiscussionFrames.ReplyCommand
import fr.maillage.discussion.DiscussionService
import fr.maillage.mail.InboundMailbox
import fr.maillage.support.Accounts
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import groovy.json.JsonSlurper
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import jakarta.mail.Session
import jakarta.mail.internet.MimeMessage
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration
import java.time.Instant

/**
 * Replies by e-mail, through a real IMAP mailbox (GreenMail): posted once as the person, in the
 * thread, whatever the number of deliveries and readers; refused with a bounce otherwise.
 */
class EmailReplySpec extends Specification {
    @Shared
    int imapPort = TestApp.freePort()
    @Shared
    @AutoCleanup('stop')
    GreenMail imap = new GreenMail(new ServerSetup(imapPort, '127.0.0.1', ServerSetup.PROTOCOL_IMAP)).tap { start() }
    @Shared
    def mailbox = imap.setUser('reply@maillage.test', 'reply', 'secret')
    @Shared
    MutableClock clock = new MutableClock(Instant.parse('2026-12-03T12:00:00Z'))
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock, properties: [
            'maillage.notification.mail-poll-interval': '1h',
            'maillage.mail.inbound.poll-interval'     : '1h',
            'maillage.mail.inbound.host'              : '127.0.0.1',
            'maillage.mail.inbound.port'              : imapPort,
            'maillage.mail.inbound.user'              : 'reply',
            'maillage.mail.inbound.password'          : 'secret',
            'maillage.mail.inbound.ssl'               : false,
            'maillage.mail.inbound.address'           : 'reply@maillage.test'])
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

    Map person() {
        def client = Accounts.invited(app, admin, 'member')
        def id = UUID.fromString(client.get('/api/me').json.id as String)
        [client: client, id: id, email: sql('SELECT email FROM app_user WHERE id = ?', [id])[0].email]
    }

    /** A thread by the reader, a post mentioning them, its urgent e-mail: returns the thread and the e-mail's Reply-To. */
    Map noticed(Map reader) {
        def callers = app.bean(EmailCallers)
        def discussions = app.bean(DiscussionService)
        def writer = person()
        def thread = discussions.createThread(callers.of(reader.id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'vie-du-reseau', 'discussion', 'Qui vient jeudi ?', 'Dites-le ici', null)).result().threadId as UUID
        discussions.reply(callers.of(writer.id), new ReplyCommand(UUID.randomUUID().toString(), thread, 'Et toi ?', null, [reader.id]))
        sql('UPDATE notification SET urgent = TRUE WHERE recipient_id = ?', [reader.id])
        app.bean(NotificationMailer).sendUrgent()
        def mail = sql("SELECT text_body, headers::text AS headers FROM mail_outbox WHERE recipient = ? AND subject LIKE 'Maillage%' ORDER BY created_at DESC LIMIT 1", [reader.email])[0]
        assert mail.text_body.contains('Répondez à cet e-mail')
        [thread: thread, replyTo: new JsonSlurper().parseText(mail.headers)['Reply-To']]
    }

    void deliver(String from, String to, String messageId, String body, Map headers = [:]) {
        def raw = "From: ${from}\r\nTo: ${to}\r\nSubject: Re: Qui vient ?\r\nMessage-ID: ${messageId}\r\n" +
                headers.collect { k, v -> "${k}: ${v}\r\n" }.join('') +
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}"
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes('UTF-8'))))
    }

    List posts(UUID thread, String body) {
        sql('SELECT author_id FROM discussion_post WHERE thread_id = ? AND body = ?', [thread, body])
    }

    List bounces(String to) {
        sql("SELECT subject, text_body FROM mail_outbox WHERE recipient = ? AND subject IN ('Votre réponse n''a pas été publiée', 'Your reply was not posted')", [to])
    }

    def "a reply delivered twice and read by two pollers at once is posted once, as the person, without the quote"() {
        given:
        def reader = person()
        def notice = noticed(reader)
        String body = 'Je viens !\n\nLe jeu. 3 déc. 2026 à 13:00, Maillage <' + notice.replyTo + '> a écrit :\n> Et toi ?'

        when:
        deliver(reader.email, notice.replyTo, '<twice-1@client.example>', body)
        deliver(reader.email, notice.replyTo, '<twice-1@client.example>', body)
        [Thread.start { app.bean(InboundMailbox).poll() }, Thread.start { app.bean(InboundMailbox).poll() }]*.join()
        app.bean(InboundMailbox).poll()

        then:
        posts(notice.thread, 'Je viens !')*.author_id == [reader.id]
        bounces(reader.email).isEmpty()
    }

    def "#refusal is refused with a bounce and posts nothing"() {
        given:
        def reader = person()
        def notice = noticed(reader)
        String from = refusal == 'another sender' ? 'intrus@example.org' : reader.email
        String to = refusal == 'a forged token' ? 'reply+aaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb@maillage.test' : notice.replyTo
        if (refusal == 'an expired token') {
            clock.advance(Duration.ofDays(31))
        }
        if (refusal == 'a revoked token') {
            app.bean(NotificationReplyTokens).revokeFor(reader.id)
        }

        when:
        deliver(from, to, "<${UUID.randomUUID()}@client.example>", "Texte ${refusal}")
        app.bean(InboundMailbox).poll()

        then:
        posts(notice.thread, "Texte ${refusal}").isEmpty()
        bounces(from).size() == 1
        bounces(from)[0].text_body.contains(reason)

        cleanup:
        clock.set(Instant.parse('2026-12-03T12:00:00Z'))

        where:
        refusal           || reason
        'a forged token'  || "l'adresse de réponse n'est pas valide"
        'an expired token'|| "l'adresse de réponse n'est pas valide"
        'a revoked token' || "l'adresse de réponse n'est pas valide"
        'another sender'  || "une autre adresse"
    }

    def "an auto-reply (#header: #value) is ignored: no post, no bounce"() {
        given:
        def reader = person()
        def notice = noticed(reader)

        when:
        deliver(reader.email, notice.replyTo, "<${UUID.randomUUID()}@client.example>", 'Je suis absente', [(header): value])
        app.bean(InboundMailbox).poll()

        then:
        posts(notice.thread, 'Je suis absente').isEmpty()
        bounces(reader.email).isEmpty()

        where:
        header          | value
        'Auto-Submitted'| 'auto-replied'
        'X-Autoreply'   | 'yes'
        'Precedence'    | 'bulk'
    }

    def "without inbound settings, e-mails say to reply in Maillage and carry no Reply-To"() {
        given:
        def plain = TestApp.start(properties: ['maillage.notification.mail-poll-interval': '1h'])
        def padmin = Accounts.administrator(plain)
        def member = Accounts.invited(plain, padmin, 'member')
        def id = UUID.fromString(member.get('/api/me').json.id as String)
        def callers = plain.bean(EmailCallers)
        def thread = plain.bean(DiscussionService).createThread(callers.of(id), new CreateThreadCommand(UUID.randomUUID().toString(),
                'vie-du-reseau', 'discussion', 'Sans boîte', 'Corps', null)).result().threadId as UUID
        def adminId = UUID.fromString(padmin.get('/api/me').json.id as String)
        plain.bean(DiscussionService).reply(callers.of(adminId), new ReplyCommand(UUID.randomUUID().toString(), thread, 'Réponse', null, [id]))
        def jdbc = plain.bean(JdbcOperations)
        plain.bean(TransactionOperations).executeWrite { s ->
            jdbc.prepareStatement('UPDATE notification SET urgent = TRUE WHERE recipient_id = ?') { ps -> ps.setObject(1, id); ps.executeUpdate() }
        }

        when:
        plain.bean(NotificationMailer).sendUrgent()
        def mail = plain.bean(TransactionOperations).executeRead { s ->
            jdbc.prepareStatement("SELECT text_body, headers::text FROM mail_outbox WHERE recipient = (SELECT email FROM app_user WHERE id = ?) AND subject LIKE 'Maillage%'") { ps ->
                ps.setObject(1, id)
                def rs = ps.executeQuery()
                rs.next()
                [rs.getString(1), rs.getString(2)]
            }
        }

        then:
        mail[0].contains('on ne peut pas répondre à cet e-mail')
        !mail[1].contains('Reply-To')

        cleanup:
        plain?.close()
    }
}
