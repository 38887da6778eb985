package fr.maillage.mail

import com.icegreen.greenmail.util.GreenMail
import com.icegreen.greenmail.util.ServerSetup
import fr.maillage.support.Accounts
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

/**
 * Exactly once or visibly not: a sender killed before transmitting leaves its mail to another
 * node once its lease ends; one killed while transmitting leaves it 'uncertain' for an
 * administrator, never resent by itself; refused mail is retried with backoff, then 'failed'.
 */
class MailDeliverySpec extends Specification {
    @Shared
    int smtpPort = TestApp.freePort()
    @Shared
    @AutoCleanup('stop')
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, '127.0.0.1', ServerSetup.PROTOCOL_SMTP)).tap { start() }
    PollingConditions conditions = new PollingConditions(timeout: 20, delay: 0.1)

    /** An SMTP server that stops answering at a chosen point, like a sender's peer when the sender hangs or dies. */
    static class StuckSmtp implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName('127.0.0.1'))
        final List<Socket> sockets = new CopyOnWriteArrayList<>()
        final List<String> lines = new CopyOnWriteArrayList<>()
        volatile boolean dataEnded

        /** @param greet false: silent from the start; true: accepts everything and never answers the end of data */
        StuckSmtp(boolean greet) {
            Thread.startDaemon {
                while (!server.closed) {
                    Socket socket
                    try {
                        socket = server.accept()
                    } catch (IOException ignored) {
                        return
                    }
                    sockets << socket
                    Thread.startDaemon { converse(socket, greet) }
                }
            }
        }

        int getPort() { server.localPort }

        private void converse(Socket socket, boolean greet) {
            try {
                def reader = socket.inputStream.newReader('US-ASCII')
                def out = socket.outputStream
                def say = { String s -> out.write((s + '\r\n').getBytes('US-ASCII')); out.flush() }
                if (!greet) {
                    reader.readLine()
                    return
                }
                say('220 stuck ESMTP')
                boolean inData = false
                String line
                while ((line = reader.readLine()) != null) {
                    lines << line
                    if (inData) {
                        if (line == '.') {
                            dataEnded = true  // and never answer: did it arrive? nobody knows
                        }
                        continue
                    }
                    def verb = line.toUpperCase()
                    if (verb.startsWith('EHLO') || verb.startsWith('HELO')) say('250 stuck')
                    else if (verb.startsWith('MAIL') || verb.startsWith('RCPT')) say('250 OK')
                    else if (verb.startsWith('DATA')) { say('354 go on'); inData = true }
                    else if (verb.startsWith('QUIT')) { say('221 bye'); return }
                    else say('250 OK')
                }
            } catch (IOException ignored) {
            }
        }

        @Override
        void close() {
            server.close()
            sockets*.close()
        }
    }

    Map smtpTo(int port, Map extra = [:]) {
        ['maillage.mail.smtp.host'    : '127.0.0.1',
         'maillage.mail.smtp.port'    : port,
         'maillage.mail.smtp.starttls': false,
         'maillage.mail.poll-interval': '100ms',
         'maillage.mail.lease'        : '2m'] + extra
    }

    List<UUID> enqueue(TestApp app, List<String> emails) {
        emails.collect { app.bean(MailService).enqueue(it, "Bonjour ${it}", 'Un message.') }
    }

    Map row(TestApp app, UUID id) {
        app.bean(TransactionOperations).executeRead { status ->
            app.bean(JdbcOperations).prepareStatement('SELECT status, lease_owner, transmitting, attempts, last_error FROM mail_outbox WHERE id = ?') { ps ->
                ps.setObject(1, id)
                def rs = ps.executeQuery()
                rs.next()
                [status: rs.getString(1), owner: rs.getString(2), transmitting: rs.getBoolean(3), attempts: rs.getInt(4), error: rs.getString(5)]
            }
        }
    }

    List receivedBy(String email) {
        smtp.receivedMessages.findAll { it.allRecipients*.toString().contains(email) }
    }

    def "a sender killed before transmitting: the other node sends each mail once when the lease ends"() {
        given: "node A's SMTP peer never greets, so A hangs connecting; node B only sends when told"
        def clock = new MutableClock()
        def silent = new StuckSmtp(false)
        def a = TestApp.start(clock: clock, nodeId: 'node-a', properties: smtpTo(silent.port, ['maillage.mail.smtp.timeout': '60s']))
        def b = TestApp.start(clock: clock, nodeId: 'node-b', database: a.databaseUrl, properties: smtpTo(smtpPort, ['maillage.mail.worker': false]))
        def emails = (1..3).collect { "before-${it}@example.org".toString() }

        when:
        def ids = enqueue(a, emails)

        then: "A claimed them and is stuck before transmitting"
        conditions.eventually {
            ids.each { assert row(a, it) == [status: 'sending', owner: 'node-a', transmitting: false, attempts: 1, error: null] }
        }

        when: "A dies; B looks while the lease still runs"
        a.close()
        def early = b.bean(MailSender).sendDue()

        then: "nothing is sent twice nor taken from a live lease"
        early == 0
        emails.every { receivedBy(it).isEmpty() }

        when: "the lease ends"
        clock.advance(Duration.ofMinutes(2).plusSeconds(1))
        def sent = b.bean(MailSender).sendDue()
        def again = b.bean(MailSender).sendDue()

        then: "B sends each one exactly once"
        sent == 3
        again == 0
        emails.every { receivedBy(it).size() == 1 }
        ids.every { row(b, it).status == 'sent' && row(b, it).attempts == 2 }

        cleanup:
        a?.close()
        b?.close()
        silent?.close()
    }

    def "a sender killed while transmitting: the mail turns uncertain, is never resent by itself, and an administrator resends it once"() {
        given: "node A's SMTP peer takes the whole message and never answers"
        def clock = new MutableClock()
        def stuck = new StuckSmtp(true)
        def a = TestApp.start(clock: clock, nodeId: 'node-a', properties: smtpTo(stuck.port, ['maillage.mail.smtp.timeout': '60s']))
        def b = TestApp.start(clock: clock, nodeId: 'node-b', database: a.databaseUrl, properties: smtpTo(smtpPort, ['maillage.mail.worker': false]))

        when:
        def id = enqueue(a, ['during@example.org'])[0]

        then:
        conditions.eventually {
            assert stuck.dataEnded
            assert row(a, id).transmitting
        }

        when: "A dies mid-send; the lease ends; B recovers it, twice over"
        a.close()
        def admin = Accounts.administrator(b)
        def member = Accounts.invited(b, admin, 'member')
        clock.advance(Duration.ofMinutes(3))
        b.bean(MailSender).sendDue()
        clock.advance(Duration.ofHours(1))
        b.bean(MailSender).sendDue()
        def shown = admin.get('/api/admin/outbox').json.find { it.id == id.toString() }

        then: "not silently resent, not lost: administrators see it"
        receivedBy('during@example.org').isEmpty()
        row(b, id).status == 'uncertain'
        shown.status == 'uncertain'
        shown.lastError.contains('node-a')

        and: "only an administrator resends it, and only an uncertain or failed one"
        member.post("/api/admin/outbox/${id}/resend", [:]).status == 403
        admin.post("/api/admin/outbox/${UUID.randomUUID()}/resend", [:]).status == 404

        when:
        def resent = admin.post("/api/admin/outbox/${id}/resend", [:])
        b.bean(MailSender).sendDue()

        then:
        resent.status == 200
        resent.json.status == 'pending'
        receivedBy('during@example.org').size() == 1
        row(b, id).status == 'sent'
        admin.post("/api/admin/outbox/${id}/resend", [:]).status == 409

        cleanup:
        a?.close()
        b?.close()
        stuck?.close()
    }

    def "a refused mail is retried with backoff, then failed and shown to administrators"() {
        given: "nothing listens on the SMTP port"
        def clock = new MutableClock()
        def app = TestApp.start(clock: clock, properties: smtpTo(TestApp.freePort(),
                ['maillage.mail.worker': false, 'maillage.mail.max-attempts': 3, 'maillage.mail.retry-base': '30s']))
        def admin = Accounts.administrator(app)
        def sender = app.bean(MailSender)
        def id = enqueue(app, ['refused@example.org'])[0]

        expect: "attempt 1 now, 2 after 30 s, 3 after one more minute, then failed"
        sender.sendDue() == 1
        row(app, id).subMap('status', 'attempts') == [status: 'pending', attempts: 1]
        sender.sendDue() == 0
        clock.advance(Duration.ofSeconds(29))
        sender.sendDue() == 0
        clock.advance(Duration.ofSeconds(1))
        sender.sendDue() == 1
        row(app, id).subMap('status', 'attempts') == [status: 'pending', attempts: 2]
        clock.advance(Duration.ofSeconds(59))
        sender.sendDue() == 0
        clock.advance(Duration.ofSeconds(1))
        sender.sendDue() == 1
        row(app, id).subMap('status', 'attempts') == [status: 'failed', attempts: 3]
        clock.advance(Duration.ofDays(1))
        sender.sendDue() == 0
        with(admin.get('/api/admin/outbox').json.find { it.id == id.toString() }) {
            status == 'failed'
            attempts == 3
            lastError.contains('Exception')
        }

        cleanup:
        app?.close()
    }

    def "two nodes with their workers running send thirty mails exactly once each, with an HTML part kept"() {
        given:
        def a = TestApp.start(properties: smtpTo(smtpPort, ['maillage.mail.lease': '30s']))
        def b = TestApp.start(database: a.databaseUrl, properties: smtpTo(smtpPort, ['maillage.mail.lease': '30s']))
        def emails = (1..30).collect { "both-${it}@example.org".toString() }

        when:
        emails.eachWithIndex { email, i ->
            (i % 2 == 0 ? a : b).bean(MailService).enqueue(email, 'Deux parties', 'Texte seul.', '<p>Texte <b>riche</b>.</p>',
                    ['List-Unsubscribe': '<https://example.org/u/1>'])
        }

        then:
        conditions.eventually {
            assert Rows.count(a, "SELECT count(*) FROM mail_outbox WHERE recipient LIKE 'both-%' AND status = 'sent'") == 30
        }
        def received = smtp.receivedMessages.findAll { it.allRecipients*.toString().any { it in emails } }
        received.size() == 30
        received*.messageID.unique().size() == 30
        received[0].getHeader('List-Unsubscribe')[0] == '<https://example.org/u/1>'
        received[0].contentType.startsWith('multipart/alternative')

        cleanup:
        a?.close()
        b?.close()
    }
}
