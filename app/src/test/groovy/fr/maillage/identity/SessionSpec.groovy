package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
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
    TestApp app = TestApp.start(clock: clock, properties: ['maillage.http.trust-forwarded': true])

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

    static Map from(String address) { ['X-Forwarded-For': address] }

    ApiClient.Reply signIn(String email, String password, String address) {
        app.client().post('/api/session', [email: email, password: password], from(address))
    }

    def "five wrong passwords from one address slow that address down, not the owner signing in from another"() {
        given:
        Accounts.administrator(app, 'throttled@example.org')

        when:
        def failures = (1..5).collect { signIn('throttled@example.org', 'guess guess guess', '203.0.113.7').status }
        def attackerAgain = signIn('throttled@example.org', Accounts.PASSWORD, '203.0.113.7')
        def owner = signIn('throttled@example.org', Accounts.PASSWORD, '198.51.100.20')

        then: "the pair waits, even with the right password; the owner elsewhere is let in"
        failures == [401] * 5
        attackerAgain.status == 429
        attackerAgain.problem
        attackerAgain.json.type == '/problems/too-many-attempts'
        attackerAgain.json.retryAfterSeconds == 60
        attackerAgain.header('Retry-After') == '60'
        owner.status == 200

        when: "the wait is over"
        clock.advance(Duration.ofSeconds(61))

        then:
        signIn('throttled@example.org', Accounts.PASSWORD, '203.0.113.7').status == 200
    }

    def "each failure after the free ones doubles the pair's wait, up to the maximum"() {
        given:
        Accounts.administrator(app, 'doubling@example.org')
        4.times { assert signIn('doubling@example.org', 'guess guess guess', '203.0.113.8').status == 401 }

        when:
        List<Long> waits = []
        7.times {
            assert signIn('doubling@example.org', 'guess guess guess', '203.0.113.8').status == 401
            def refused = signIn('doubling@example.org', 'guess guess guess', '203.0.113.8')
            assert refused.status == 429
            waits << (refused.json.retryAfterSeconds as long)
            clock.advance(Duration.ofSeconds(refused.json.retryAfterSeconds as long))
        }

        then: "one minute, two, four, eight, then capped at fifteen"
        waits == [60L, 120L, 240L, 480L, 900L, 900L, 900L]
    }

    def "four failures then a success clear the count"() {
        given:
        Accounts.administrator(app, 'forgiven@example.org')

        when:
        4.times { signIn('forgiven@example.org', 'guess guess guess', '203.0.113.9') }
        def success = signIn('forgiven@example.org', Accounts.PASSWORD, '203.0.113.9')
        4.times { signIn('forgiven@example.org', 'guess guess guess', '203.0.113.9') }
        def again = signIn('forgiven@example.org', Accounts.PASSWORD, '203.0.113.9')

        then:
        success.status == 200
        again.status == 200
    }

    def "a success after a wait resets the pair: the next typo is free again"() {
        given:
        Accounts.administrator(app, 'reset-pair@example.org')
        5.times { signIn('reset-pair@example.org', 'guess guess guess', '203.0.113.10') }
        clock.advance(Duration.ofSeconds(61))

        when:
        def success = signIn('reset-pair@example.org', Accounts.PASSWORD, '203.0.113.10')
        def typo = signIn('reset-pair@example.org', 'guess guess guess', '203.0.113.10')
        def next = signIn('reset-pair@example.org', Accounts.PASSWORD, '203.0.113.10')

        then:
        success.status == 200
        typo.status == 401
        next.status == 200
    }

    def "failures arriving at once are each counted: the wait matches the failures that got through"() {
        given:
        Accounts.administrator(app, 'parallel@example.org')
        def pool = java.util.concurrent.Executors.newFixedThreadPool(8)

        when:
        def statuses = (1..8).collect {
            pool.submit({ signIn('parallel@example.org', 'guess guess guess', '203.0.113.14').status } as java.util.concurrent.Callable)
        }*.get()
        def next = signIn('parallel@example.org', 'guess guess guess', '203.0.113.14')
        int counted = statuses.count { it == 401 }

        then:
        statuses.every { it in [401, 429] }
        counted >= 5
        next.status == 429
        next.json.retryAfterSeconds == Math.min(60L << (counted - 5), 900L)

        cleanup:
        pool.shutdown()
    }

    def "one address spraying many accounts is slowed down everywhere, other addresses are not"() {
        given:
        Accounts.administrator(app, 'sprayed@example.org')

        when: "thirty failures, each on another account, so no pair reaches its limit"
        def failures = (1..30).collect { signIn("victim${it}@example.org", 'Printemps2026!', '203.0.113.11').status }
        def sprayer = signIn('sprayed@example.org', Accounts.PASSWORD, '203.0.113.11')
        def neighbour = signIn('sprayed@example.org', Accounts.PASSWORD, '203.0.113.12')

        then:
        failures == [401] * 30
        sprayer.status == 429
        sprayer.json.retryAfterSeconds == 60
        neighbour.status == 200
    }

    def "forwarded addresses: only the last hop counts, and what is not an address is ignored"() {
        given:
        Accounts.administrator(app, 'forwarded@example.org')

        when: "the client prepends addresses of its own; our proxy's entry is last"
        def failures = (1..5).collect {
            app.client().post('/api/session', [email: 'forwarded@example.org', password: 'guess guess guess'],
                    ['X-Forwarded-For': "10.0.0.${it}, 203.0.113.13"]).status
        }
        def sameLastHop = signIn('forwarded@example.org', Accounts.PASSWORD, '203.0.113.13')

        then:
        failures == [401] * 5
        sameLastHop.status == 429

        when: "junk in the header falls back to the peer address"
        5.times { signIn('forwarded@example.org', 'guess guess guess', 'not-an-address') }
        def peer = app.client().post('/api/session', [email: 'forwarded@example.org', password: Accounts.PASSWORD])

        then:
        peer.status == 429
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
