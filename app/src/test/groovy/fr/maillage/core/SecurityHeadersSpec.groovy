package fr.maillage.core

import fr.maillage.support.Accounts
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Security headers on every page and API answer of the app (issue 14). */
class SecurityHeadersSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()

    def "#path answers with the security headers"() {
        when:
        def reply = app.client().get(path)
        def csp = reply.header('Content-Security-Policy')

        then:
        reply.status == status
        csp.contains("frame-ancestors 'none'")
        csp.contains("script-src 'self';")
        !csp.find(/script-src[^;]*unsafe-(inline|eval)/)
        csp.find(/connect-src[^;]*wss:/)
        reply.header('X-Content-Type-Options') == 'nosniff'
        reply.header('Referrer-Policy') == 'strict-origin-when-cross-origin'
        reply.header('Strict-Transport-Security') == null

        where:
        path              || status
        '/'               || 200
        '/api/session'    || 200
        '/api/me'         || 401
        '/health'         || 200
        '/api/no-such-route'  || 404
        '/favicon-missing.ico' || 404
        '/assets/missing.js'  || 404
    }

    def "authenticated JSON is never stored by a cache"() {
        given:
        def admin = Accounts.administrator(app)

        expect:
        admin.get('/api/me').header('Cache-Control') == 'no-store'
        admin.get('/api/people?q=a').header('Cache-Control') == 'no-store'
    }

    def "the web client's page has no inline script"() {
        when:
        String html = app.client().get('/').text

        then:
        html.contains('<script')
        !(html =~ /<script(?![^>]*\bsrc=)[^>]*>/).find()
    }

    def "HSTS is sent when the public URL is https"() {
        given:
        def secure = TestApp.start(properties: ['maillage.public-url': 'https://maillage.example.org'])

        expect:
        secure.client().get('/').header('Strict-Transport-Security') == 'max-age=31536000; includeSubDomains'

        cleanup:
        secure?.close()
    }
}
