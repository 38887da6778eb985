package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** A new password is not common, personal or one repeated character, wherever it is set (issue 14). */
class PasswordRulesSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    ApiClient admin = Accounts.administrator(app, 'rules-admin@example.org')

    def "accepting an invitation with #kind password is refused with #code"() {
        given:
        String email = "newcomer-${UUID.randomUUID().toString().take(8)}@example.org"
        assert admin.post('/api/invitations', [email: email, role: 'member']).status == 201
        String token = Accounts.latestLinkToken(app, email, '/invitation/')
        int accounts = Rows.count(app, 'SELECT count(*) FROM app_user')

        when:
        def reply = app.client().post("/api/invitations/${token}/accept",
                [displayName: 'Gwenaëlle Le Floch', password: password.replace('EMAIL', email)])

        then:
        reply.status == 400
        reply.json.type.endsWith('/validation')
        reply.json.violations*.field == ['password']
        reply.json.violations[0].message.startsWith(code)
        Rows.count(app, 'SELECT count(*) FROM app_user') == accounts

        where:
        kind                          | password             || code
        'a common'                    | 'qwertyuiop'         || 'password.common'
        'a common, capitalised'       | 'Azertyuiop'         || 'password.common'
        'a common, with a year'       | 'password2024!'      || 'password.common'
        'a one-character'             | 'aaaaaaaaaaaa'       || 'password.repeated'
        'their e-mail as'             | 'EMAIL'              || 'password.personal'
        'their name as'               | 'gwenaellelefloch'   || 'password.personal'
        'their name with digits as'   | 'Gwenaëlle Le Floch1' || 'password.personal'
    }

    def "a strong password is still accepted, and a short one still refused by length"() {
        given:
        String email = "strong-${UUID.randomUUID().toString().take(8)}@example.org"
        assert admin.post('/api/invitations', [email: email, role: 'member']).status == 201
        String token = Accounts.latestLinkToken(app, email, '/invitation/')

        expect:
        app.client().post("/api/invitations/${token}/accept", [displayName: 'Yann', password: 'abc12']).status == 400
        app.client().post("/api/invitations/${token}/accept", [displayName: 'Yann', password: 'velo rouge sous la pluie']).status == 201
    }

    def "changing to a common password is refused, the old one keeps working"() {
        when:
        def reply = admin.post('/api/me/password', [currentPassword: Accounts.PASSWORD, newPassword: '1234567890'])

        then:
        reply.status == 400
        reply.json.violations*.field == ['newPassword']
        reply.json.violations[0].message.startsWith('password.common')
        app.client().post('/api/session', [email: 'rules-admin@example.org', password: Accounts.PASSWORD]).status == 200
    }

    def "a reset to a common password is refused and the link stays usable"() {
        given:
        assert app.client().post('/api/password-resets', [email: 'rules-admin@example.org']).status in [202, 204]
        String token = Accounts.latestLinkToken(app, 'rules-admin@example.org', '/password-reset/')

        expect:
        app.client().post("/api/password-resets/${token}", [password: 'iloveyou123']).status == 400
        app.client().get("/api/password-resets/${token}").status == 200
    }
}
