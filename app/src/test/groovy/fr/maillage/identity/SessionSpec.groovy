package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.MutableClock
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

import java.time.Duration

class SessionSpec extends Specification {
    @Shared
    MutableClock clock = new MutableClock()
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(clock: clock)

    def "a person signs in, sees who they are, and signs out everywhere at once"() {
        given:
        def admin = Accounts.administrator(app, 'signin@example.org')
        def other = app.client()

        when:
        def signIn = other.post('/api/session', [email: 'SignIn@Example.org', password: Accounts.PASSWORD])

        then:
        signIn.status == 200
        signIn.json.email == 'signin@example.org'
        signIn.json.role == 'administrator'
        signIn.header('Set-Cookie') != null
        other.get('/api/session').json.authenticated == true

        when:
        def stolenCookie = other.cookie('maillage_session')
        def signOut = other.delete('/api/session')

        then:
        signOut.status == 204
        other.get('/api/session').json.authenticated == false

        when: "the old cookie is replayed after sign-out"
        def replay = app.client()
        replay.cookies.cookieStore.add(URI.create(app.baseUrl), new HttpCookie('maillage_session', stolenCookie).tap { path = '/' })

        then:
        replay.get('/api/me').status == 401
        admin.get('/api/me').status == 200
    }

    def "the session cookie is HttpOnly and SameSite=Lax, the CSRF cookie readable by scripts"() {
        given:
        Accounts.administrator(app, 'cookies@example.org')
        def client = app.client()

        when:
        def reply = client.post('/api/session', [email: 'cookies@example.org', password: Accounts.PASSWORD])
        def setCookies = reply.raw.headers().allValues('Set-Cookie')

        then:
        def session = setCookies.find { it.startsWith('maillage_session=') }
        session.toLowerCase().contains('httponly')
        session.contains('SameSite=Lax')
        def csrf = setCookies.find { it.startsWith('maillage_csrf=') }
        !csrf.toLowerCase().contains('httponly')
        csrf.contains('SameSite=Strict')
    }

    def "an unknown e-mail and a wrong password get the same answer"() {
        given:
        Accounts.administrator(app, 'same-answer@example.org')

        when:
        def wrongPassword = app.client().post('/api/session', [email: 'same-answer@example.org', password: 'not the password'])
        def unknownEmail = app.client().post('/api/session', [email: 'nobody@example.org', password: 'not the password'])

        then:
        wrongPassword.status == 401
        unknownEmail.status == 401
        wrongPassword.problem && unknownEmail.problem
        wrongPassword.json == unknownEmail.json
        wrongPassword.json.type == '/problems/invalid-credentials'
    }

    def "five failures lock the account for fifteen minutes, even with the right password"() {
        given:
        Accounts.administrator(app, 'throttled@example.org')
        def attacker = app.client()

        when:
        5.times { assert attacker.post('/api/session', [email: 'throttled@example.org', password: 'guess guess guess']).status == 401 }
        def locked = app.client().post('/api/session', [email: 'throttled@example.org', password: Accounts.PASSWORD])

        then:
        locked.status == 429
        locked.problem
        locked.json.type == '/problems/too-many-attempts'
        locked.json.retryAfterSeconds > 0
        locked.header('Retry-After') != null

        when:
        clock.advance(Duration.ofMinutes(16))
        def later = app.client().post('/api/session', [email: 'throttled@example.org', password: Accounts.PASSWORD])

        then:
        later.status == 200
    }

    def "four failures then a success clear the count"() {
        given:
        Accounts.administrator(app, 'forgiven@example.org')
        def client = app.client()

        when:
        4.times { client.post('/api/session', [email: 'forgiven@example.org', password: 'guess guess guess']) }
        def success = client.post('/api/session', [email: 'forgiven@example.org', password: Accounts.PASSWORD])
        4.times { client.post('/api/session', [email: 'forgiven@example.org', password: 'guess guess guess']) }
        def again = client.post('/api/session', [email: 'forgiven@example.org', password: Accounts.PASSWORD])

        then:
        success.status == 200
        again.status == 200
    }

    def "sign-in input is validated: #what"() {
        when:
        def reply = app.client().post('/api/session', body)

        then:
        reply.status == 400
        reply.problem
        (reply.json.violations ?: []).collect { it.field }.contains(field) || reply.json.type == '/problems/malformed-request'

        where:
        what                | body                                               || field
        'missing email'     | [password: 'whatever whatever']                    || 'email'
        'blank email'       | [email: ' ', password: 'whatever whatever']        || 'email'
        'missing password'  | [email: 'a@example.org']                           || 'password'
        'over-long email'   | [email: 'a' * 260 + '@x.org', password: 'x' * 12] || 'email'
        'not JSON'          | '{"email": '                                       || 'body'
    }
}
