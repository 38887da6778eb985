package fr.maillage.core

import fr.maillage.support.Accounts
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

class ProblemSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()

    def "a body that is not JSON gets a malformed-request problem"() {
        when:
        def reply = app.client().post('/api/session', '{"email": ')

        then:
        reply.status == 400
        reply.contentType.startsWith('application/problem+json')
        reply.json.type == '/problems/malformed-request'
        reply.json.status == 400
        !reply.text.contains('fr.maillage')
        !reply.text.contains('Exception')
    }

    def "JSON of the wrong shape (#what) is a 400 problem"() {
        when:
        def reply = app.client().post('/api/session', body)

        then:
        reply.status == 400
        reply.problem
        reply.json.type in ['/problems/malformed-request', '/problems/validation']
        !reply.text.contains('fr.maillage')

        where:
        what                  | body
        'a number for email'  | '{"email": 42, "password": "whatever whatever"}'
        'an object for email' | '{"email": {"a": 1}, "password": "whatever whatever"}'
        'an array body'       | '[1, 2, 3]'
    }

    def "an unknown API path is a 404 problem, even for a browser"() {
        when:
        def reply = app.client().get('/api/nope', [Accept: accept])

        then:
        reply.status == 404
        reply.problem
        reply.json.type == '/problems/not-found'

        where:
        accept << ['application/json', 'text/html,application/xhtml+xml']
    }

    @Requires({ ProblemSpec.getResource('/public/index.html') != null })
    def "a browser asking for a page of the web client gets index.html"() {
        when:
        def reply = app.client().get(path, [Accept: 'text/html,application/xhtml+xml'])

        then:
        reply.status == 200
        reply.contentType.startsWith('text/html')
        reply.text == ProblemSpec.getResource('/public/index.html').getText('UTF-8')

        where:
        path << ['/profile', '/invitation/some-token', '/']
    }

    def "a missing file (#path) is a 404 problem, never the web client's page"() {
        when:
        def reply = app.client().get(path, [Accept: 'text/html,image/*,*/*'])

        then:
        reply.status == 404
        reply.problem

        where:
        path << ['/nothing-here.ico', '/assets/missing.js', '/images/logo.png']
    }

    @Requires({ ProblemSpec.getResource('/public/favicon.ico') != null })
    def "the favicon and the web app manifest are served as files"() {
        when:
        def icon = app.client().get('/favicon.ico', [Accept: 'image/avif,image/webp,*/*'])
        def manifest = app.client().get('/manifest.webmanifest', [Accept: '*/*'])

        then:
        icon.status == 200
        !icon.contentType.startsWith('text/html')
        manifest.status == 200
        manifest.text.contains('"start_url"')
    }

    def "a body over 64 KiB is refused with payload-too-large and writes nothing"() {
        given:
        def admin = Accounts.administrator(app)
        long invitations = Rows.invitations(app)

        when:
        def reply = admin.post('/api/invitations', [email: 'big@example.org', role: 'member', message: 'x' * (70 * 1024)])

        then:
        reply.status == 413
        reply.problem
        reply.json.type == '/problems/payload-too-large'
        Rows.invitations(app) == invitations
    }

    def "a wrong method is a 405 problem"() {
        given:
        def admin = Accounts.administrator(app)

        when:
        def reply = admin.send('PUT', '/api/me', [displayName: 'Put'])

        then:
        reply.status == 405
        reply.problem
        reply.json.type == '/problems/method-not-allowed'
        admin.get('/api/me').json.displayName == 'Ada Admin'
    }

    def "text with a NUL character is refused with 400 and nothing is stored"() {
        given:
        def admin = fr.maillage.support.Accounts.administrator(app)

        when:
        def reply = admin.post('/api/invitations', '{"email":"nul@example.org","role":"member","message":"a\\u0000b"}')

        then:
        reply.status == 400
        reply.problem
        !admin.get('/api/invitations').json.find { it.email == 'nul@example.org' }
    }
}
