package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.MutableClock
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

class PasswordResetSpec extends Specification {
    static final String NEW_PASSWORD = 'a brand new passphrase'

    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)
    @Shared
    def admin

    def setupSpec() {
        admin = Accounts.administrator(app, 'reset-admin@example.org')
    }

    def "asking for a reset of an existing account sends a link valid one hour"() {
        given:
        Accounts.invited(app, admin, 'member', 'forgetful@example.org')

        when:
        def reply = requestReset('Forgetful@example.org')

        then:
        reply.status == 202
        Rows.mailsTo(app, 'forgetful@example.org') == 2
        Accounts.latestMail(app, 'forgetful@example.org') =~ /${java.util.regex.Pattern.quote(app.baseUrl)}\/password-reset\/[A-Za-z0-9_-]{20,}/

        when:
        String token = Accounts.latestLinkToken(app, 'forgetful@example.org', '/password-reset/')
        def check = app.client().get("/api/password-resets/${token}")

        then:
        check.status == 200
        check.json == [valid: true]
        app.client().get('/api/password-resets/not-a-token').status == 404
    }

    def "asking for an unknown address answers the same and sends nothing"() {
        given:
        long mails = Rows.count(app, 'SELECT count(*) FROM mail_outbox')

        when:
        def reply = app.client().post('/api/password-resets', [email: 'nobody-here@example.org'])

        then:
        reply.status == 202
        Rows.count(app, 'SELECT count(*) FROM mail_outbox') == mails
        Rows.count(app, 'SELECT count(*) FROM password_reset') == old(Rows.count(app, 'SELECT count(*) FROM password_reset'))
    }

    def "completing a reset changes the password, spends the link and signs the person out everywhere"() {
        given:
        def phone = Accounts.invited(app, admin, 'member', 'two-devices@example.org')
        def laptop = app.client()
        assert laptop.post('/api/session', [email: 'two-devices@example.org', password: Accounts.PASSWORD]).status == 200
        assert requestReset('two-devices@example.org').status == 202
        String token = Accounts.latestLinkToken(app, 'two-devices@example.org', '/password-reset/')

        when:
        def reply = app.client().post("/api/password-resets/${token}", [password: NEW_PASSWORD])

        then:
        reply.status == 204
        phone.get('/api/me').status == 401
        laptop.get('/api/me').status == 401
        app.client().post('/api/session', [email: 'two-devices@example.org', password: Accounts.PASSWORD]).status == 401
        app.client().post('/api/session', [email: 'two-devices@example.org', password: NEW_PASSWORD]).status == 200

        when:
        def reuse = app.client().post("/api/password-resets/${token}", [password: 'yet another passphrase'])
        def check = app.client().get("/api/password-resets/${token}")

        then:
        reuse.status == 410
        reuse.problem
        reuse.json.type == '/problems/reset-unusable'
        reuse.json.reason == 'used'
        check.status == 410
        app.client().post('/api/session', [email: 'two-devices@example.org', password: NEW_PASSWORD]).status == 200
    }

    def "a link used #minutes minutes after it was sent answers #status"() {
        given:
        String email = "clock-${minutes}@example.org"
        Accounts.invited(app, admin, 'member', email)
        requestReset(email)
        String token = Accounts.latestLinkToken(app, email, '/password-reset/')

        when:
        clock.advance(Duration.ofMinutes(minutes))
        def check = app.client().get("/api/password-resets/${token}")
        def complete = app.client().post("/api/password-resets/${token}", [password: NEW_PASSWORD])

        then:
        check.status == status
        complete.status == (status == 200 ? 204 : status)
        check.json.reason == reason
        complete.json?.reason == reason
        app.client().post('/api/session', [email: email, password: NEW_PASSWORD]).status == (status == 200 ? 200 : 401)

        where:
        minutes || status | reason
        59      || 200    | null
        61      || 410    | 'expired'
    }

    def "a too-short new password is refused and the link still works afterwards"() {
        given:
        Accounts.invited(app, admin, 'member', 'short@example.org')
        requestReset('short@example.org')
        String token = Accounts.latestLinkToken(app, 'short@example.org', '/password-reset/')

        when:
        def reply = app.client().post("/api/password-resets/${token}", [password: 'x' * 9])

        then:
        reply.status == 400
        reply.problem
        reply.json.type == '/problems/validation'
        reply.json.violations*.field == ['password']
        app.client().post('/api/session', [email: 'short@example.org', password: Accounts.PASSWORD]).status == 200
        app.client().get("/api/password-resets/${token}").status == 200

        when:
        def retry = app.client().post("/api/password-resets/${token}", [password: NEW_PASSWORD])

        then:
        retry.status == 204
        app.client().post('/api/session', [email: 'short@example.org', password: NEW_PASSWORD]).status == 200
    }

    def "no more than five reset mails an hour reach one mailbox"() {
        given:
        Accounts.invited(app, admin, 'member', 'flooded@example.org')
        long before = Rows.mailsTo(app, 'flooded@example.org')

        when:
        def statuses = (1..8).collect { app.client().post('/api/password-resets', [email: 'flooded@example.org']).status }

        then:
        statuses.every { it == 202 }
        Rows.mailsTo(app, 'flooded@example.org') == before + 5

        when: "an hour later the form works again"
        clock.advance(Duration.ofMinutes(61))
        app.client().post('/api/password-resets', [email: 'flooded@example.org'])

        then:
        Rows.mailsTo(app, 'flooded@example.org') == before + 6
    }

    def "asking for a reset is validated: #what"() {
        when:
        def reply = app.client().post('/api/password-resets', body)

        then:
        reply.status == 400
        reply.problem
        reply.json.violations*.field.unique() == ['email']

        where:
        what             | body
        'missing email'  | [:]
        'not an address' | [email: 'nope']
    }

    /** Asks for a link a second after the previous mail, so the newest mail is unambiguous. */
    private def requestReset(String email) {
        clock.advance(Duration.ofSeconds(1))
        app.client().post('/api/password-resets', [email: email])
    }
}
