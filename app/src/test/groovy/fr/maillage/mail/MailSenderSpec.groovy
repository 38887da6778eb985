package fr.maillage.mail

import com.icegreen.greenmail.util.GreenMail
import com.icegreen.greenmail.util.ServerSetup
import fr.maillage.support.Accounts
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

class MailSenderSpec extends Specification {
    @Shared
    int smtpPort = TestApp.freePort()
    @Shared
    @AutoCleanup('stop')
    GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, '127.0.0.1', ServerSetup.PROTOCOL_SMTP)).tap { start() }
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: smtpProperties())
    @Shared
    @AutoCleanup
    TestApp withoutSmtp = TestApp.start()
    PollingConditions conditions = new PollingConditions(timeout: 20, delay: 0.2)

    def "an invitation is sent over SMTP exactly once and marked sent"() {
        given:
        def admin = Accounts.administrator(app)

        when:
        assert admin.post('/api/invitations', [email: 'smtp-once@example.org', role: 'member']).status == 201

        then:
        conditions.eventually {
            assert admin.get('/api/admin/outbox').json.find { it.to == 'smtp-once@example.org' }.status == 'sent'
        }
        def received = receivedBy('smtp-once@example.org')
        received.size() == 1
        received[0].subject == 'Invitation à rejoindre Maillage'
        received[0].content.toString().contains("${app.baseUrl}/invitation/")
        admin.get('/api/admin/outbox').json.find { it.to == 'smtp-once@example.org' }.sentAt != null
    }

    def "without SMTP the mail is kept in the outbox"() {
        given:
        def admin = Accounts.administrator(withoutSmtp)

        when:
        assert admin.post('/api/invitations', [email: 'kept@example.org', role: 'member']).status == 201
        def row = admin.get('/api/admin/outbox').json.find { it.to == 'kept@example.org' }

        then:
        row.status == 'kept'
        row.sentAt == null
        withoutSmtp.bean(MailSender).sendDue() == 0
        admin.get('/api/admin/outbox').json.find { it.to == 'kept@example.org' }.status == 'kept'
        receivedBy('kept@example.org').isEmpty()
    }

    def "two nodes polling one outbox send twenty mails exactly once each"() {
        given:
        def second = TestApp.start(database: app.databaseUrl, properties: smtpProperties())
        def admin = Accounts.administrator(app)
        def onSecond = admin.switchTo(second.baseUrl)
        def emails = (1..20).collect { "pair-${it}@example.org".toString() }

        when:
        emails.eachWithIndex { email, i ->
            assert (i % 2 == 0 ? admin : onSecond).post('/api/invitations', [email: email, role: 'member']).status == 201
        }

        then:
        conditions.eventually {
            assert Rows.count(app, "SELECT count(*) FROM mail_outbox WHERE recipient LIKE 'pair-%' AND status = 'sent'") == 20
        }
        def received = smtp.receivedMessages.findAll { it.allRecipients*.toString().any { it in emails } }
        received.size() == 20
        received*.messageID.unique().size() == 20
        received.collect { it.allRecipients[0].toString() }.sort() == emails.sort()

        cleanup:
        second?.close()
    }

    private List receivedBy(String email) {
        smtp.receivedMessages.findAll { it.allRecipients*.toString().contains(email) }
    }

    private Map smtpProperties() {
        ['maillage.mail.smtp.host'     : '127.0.0.1',
         'maillage.mail.smtp.port'     : smtpPort,
         'maillage.mail.smtp.starttls' : false,
         'maillage.mail.poll-interval' : '200ms']
    }
}
