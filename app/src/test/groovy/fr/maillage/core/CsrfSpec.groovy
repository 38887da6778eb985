package fr.maillage.core

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

class CsrfSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()

    def "a #method to #path without the X-CSRF-Token header is refused and changes nothing"() {
        given:
        def admin = Accounts.administrator(app)
        def before = state(admin)
        admin.sendCsrf = false

        when:
        def reply = admin.send(method, path, body)

        then:
        csrfRefused(reply)

        when:
        admin.sendCsrf = true

        then:
        state(admin) == before
        admin.get('/api/me').status == 200

        where:
        method   | path               | body
        'POST'   | '/api/invitations' | [email: 'csrf-post@example.org', role: 'member']
        'PATCH'  | '/api/me'          | [displayName: 'Changed by a forged form']
        'DELETE' | '/api/session'     | null
    }

    def "a header that differs from the cookie is refused"() {
        given:
        def admin = Accounts.administrator(app)
        def before = state(admin)
        admin.sendCsrf = false

        when:
        def reply = admin.post('/api/invitations', [email: 'csrf-wrong@example.org', role: 'member'], ['X-CSRF-Token': 'not-the-cookie'])

        then:
        csrfRefused(reply)

        when:
        admin.sendCsrf = true

        then:
        state(admin) == before
    }

    def "a token from another session is refused even when cookie and header agree"() {
        given:
        def a = Accounts.administrator(app)
        def b = Accounts.administrator(app)
        String tokenOfB = b.cookie('maillage_csrf')
        assert tokenOfB != a.cookie('maillage_csrf')
        def before = state(a)
        def forged = new ApiClient(app.baseUrl)
        forged.sendCsrf = false
        forged.cookies.cookieStore.add(URI.create(app.baseUrl), new HttpCookie('maillage_session', a.cookie('maillage_session')).tap { path = '/' })
        forged.cookies.cookieStore.add(URI.create(app.baseUrl), new HttpCookie('maillage_csrf', tokenOfB).tap { path = '/' })

        when:
        def reply = forged.post('/api/invitations', [email: 'csrf-foreign@example.org', role: 'member'], ['X-CSRF-Token': tokenOfB])

        then:
        forged.get('/api/me').json.email == a.get('/api/me').json.email
        csrfRefused(reply)
        state(a) == before
    }

    def "a write from origin #origin is #outcome"() {
        given:
        def admin = Accounts.administrator(app)
        admin.origin = origin == 'the public URL' ? app.baseUrl : origin
        long invitations = Rows.invitations(app)
        String email = "origin-${UUID.randomUUID().toString().substring(0, 8)}@example.org"

        when:
        def reply = admin.post('/api/invitations', [email: email, role: 'member'])

        then:
        reply.status == status
        (status == 403) == (reply.problem && reply.json.type == '/problems/csrf')
        Rows.invitations(app) == invitations + (status == 201 ? 1 : 0)

        where:
        origin                 || status | outcome
        'https://evil.example' || 403    | 'refused'
        'http://localhost:1'   || 403    | 'refused'
        'null'                 || 403    | 'refused'
        'the public URL'       || 201    | 'allowed'
        null                   || 201    | 'allowed'
    }

    def "reading needs no token"() {
        given:
        def admin = Accounts.administrator(app)
        admin.sendCsrf = false

        expect:
        admin.get('/api/me').status == 200
        admin.get('/api/invitations').status == 200
        admin.get('/api/session').json.authenticated == true
    }

    def "signing in without the token is refused too"() {
        given:
        Accounts.administrator(app, 'csrf-signin@example.org')
        def anonymous = app.client()
        anonymous.sendCsrf = false

        when:
        def reply = anonymous.post('/api/session', [email: 'csrf-signin@example.org', password: Accounts.PASSWORD])

        then:
        csrfRefused(reply)
        anonymous.cookie('maillage_session') == null

        when: "the same person with the token primed signs in"
        def primed = app.client().primed()

        then:
        primed.post('/api/session', [email: 'csrf-signin@example.org', password: Accounts.PASSWORD]).status == 200
    }

    def "signing in rotates the token and the old one no longer works"() {
        given:
        Accounts.administrator(app, 'csrf-rotate@example.org')
        def client = app.client().primed()
        String anonymousToken = client.cookie('maillage_csrf')

        when:
        client.post('/api/session', [email: 'csrf-rotate@example.org', password: Accounts.PASSWORD])

        then:
        client.cookie('maillage_csrf') != anonymousToken

        when:
        client.sendCsrf = false
        def reply = client.patch('/api/me', [displayName: 'Stale'], ['X-CSRF-Token': anonymousToken])

        then:
        csrfRefused(reply)
    }

    private static boolean csrfRefused(ApiClient.Reply reply) {
        assert reply.status == 403
        assert reply.problem
        assert reply.json.type == '/problems/csrf'
        true
    }

    private Map state(ApiClient admin) {
        [invitations: Rows.invitations(app),
         mails      : Rows.count(app, 'SELECT count(*) FROM mail_outbox'),
         sessions   : Rows.count(app, 'SELECT count(*) FROM user_session'),
         me         : Rows.count(app, 'SELECT count(*) FROM app_user WHERE display_name = ?', 'Ada Admin')]
    }
}
