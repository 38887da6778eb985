package fr.maillage.core

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * Every endpoint, every role: who may and who may not. A 2xx means allowed; 401 anonymous,
 * 403 a role that may not, 404 where existence must not leak (a guest and a theme).
 */
class EndpointRolesSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    Map<String, ApiClient> as = [:]

    def setupSpec() {
        def admin = Accounts.administrator(app)
        as.administrator = admin
        as.facilitator = Accounts.invited(app, admin, 'facilitator')
        as.member = Accounts.invited(app, admin, 'member')
        as.guest = Accounts.invited(app, admin, 'guest')
        as.anonymous = app.client().primed()
    }

    def "#method #path as #role answers #expected"() {
        when:
        def client = as[role]
        def reply = method == 'GET' ? client.get(path) : client.send(method, path, body)

        then:
        reply.status == expected
        expected < 400 || reply.problem

        where:
        method | path                           | body                                  | role            || expected
        'GET'  | '/api/admin/outbox'            | null                                  | 'anonymous'     || 401
        'GET'  | '/api/admin/outbox'            | null                                  | 'guest'         || 403
        'GET'  | '/api/admin/outbox'            | null                                  | 'member'        || 403
        'GET'  | '/api/admin/outbox'            | null                                  | 'facilitator'   || 403
        'GET'  | '/api/admin/outbox'            | null                                  | 'administrator' || 200
        'GET'  | '/api/admin/users'             | null                                  | 'anonymous'     || 401
        'GET'  | '/api/admin/users'             | null                                  | 'guest'         || 403
        'GET'  | '/api/admin/users'             | null                                  | 'member'        || 403
        'GET'  | '/api/admin/users'             | null                                  | 'facilitator'   || 403
        'GET'  | '/api/admin/users'             | null                                  | 'administrator' || 200
        'GET'  | '/api/invitations'             | null                                  | 'anonymous'     || 401
        'GET'  | '/api/invitations'             | null                                  | 'guest'         || 403
        'GET'  | '/api/invitations'             | null                                  | 'member'        || 403
        'GET'  | '/api/invitations'             | null                                  | 'facilitator'   || 200
        'POST' | '/api/invitations'             | [email: 'x1@example.org', role: 'member'] | 'anonymous' || 401
        'POST' | '/api/invitations'             | [email: 'x2@example.org', role: 'member'] | 'guest'     || 403
        'POST' | '/api/invitations'             | [email: 'x3@example.org', role: 'member'] | 'member'    || 403
        'POST' | '/api/invitations'             | [email: 'x4@example.org', role: 'administrator'] | 'facilitator' || 403
        'POST' | '/api/invitations'             | [email: 'x5@example.org', role: 'member'] | 'facilitator' || 201
        'GET'  | '/api/me'                      | null                                  | 'anonymous'     || 401
        'GET'  | '/api/me'                      | null                                  | 'guest'         || 200
        'PATCH'| '/api/me'                      | [language: 'en']                      | 'anonymous'     || 401
        'POST' | '/api/me/password'             | [currentPassword: 'x', newPassword: 'y' * 12] | 'anonymous' || 401
        'GET'  | '/api/reference/territories'   | null                                  | 'anonymous'     || 200
        'GET'  | '/api/reference/themes'        | null                                  | 'anonymous'     || 401
        'GET'  | '/api/reference/themes'        | null                                  | 'guest'         || 200
        'GET'  | '/api/reference/competences'   | null                                  | 'anonymous'     || 401
        'GET'  | '/api/reference/competences'   | null                                  | 'member'        || 200
        'GET'  | '/api/themes'                  | null                                  | 'anonymous'     || 401
        'GET'  | '/api/themes'                  | null                                  | 'member'        || 200
        'GET'  | '/api/themes/vie-du-reseau/threads' | null                             | 'anonymous'     || 401
        'GET'  | '/api/themes/vie-du-reseau/threads' | null                             | 'guest'         || 404
        'GET'  | '/api/themes/vie-du-reseau/threads' | null                             | 'member'        || 200
        'GET'  | "/api/threads/${UUID.randomUUID()}" | null                             | 'member'        || 404
        'GET'  | "/api/threads/${UUID.randomUUID()}" | null                             | 'anonymous'     || 401
        'DELETE' | "/api/invitations/${UUID.randomUUID()}" | null                       | 'member'        || 403
        'DELETE' | "/api/invitations/${UUID.randomUUID()}" | null                       | 'anonymous'     || 401
        'PATCH'| "/api/admin/users/${UUID.randomUUID()}" | [role: 'member']             | 'facilitator'   || 403
        'PATCH'| "/api/admin/users/${UUID.randomUUID()}" | [role: 'member']             | 'anonymous'     || 401
        'GET'  | '/api/directory/people'        | null                                  | 'anonymous'     || 401
        'GET'  | '/api/directory/people'        | null                                  | 'guest'         || 200
        'GET'  | '/api/directory/people'        | null                                  | 'member'        || 200
        'GET'  | '/api/directory/map'           | null                                  | 'anonymous'     || 401
        'GET'  | '/api/directory/map'           | null                                  | 'member'        || 200
        'GET'  | '/api/directory/me'            | null                                  | 'anonymous'     || 401
        'GET'  | '/api/directory/me'            | null                                  | 'guest'         || 200
        'GET'  | "/api/directory/people/${UUID.randomUUID()}" | null                   | 'member'        || 404
        'PUT'  | "/api/directory/people/${UUID.randomUUID()}/pioneer" | [confirmed: true] | 'member'      || 403
        'PUT'  | "/api/directory/people/${UUID.randomUUID()}/pioneer" | [confirmed: true] | 'facilitator' || 404
        'PUT'  | "/api/directory/people/${UUID.randomUUID()}/pioneer" | [confirmed: true] | 'anonymous'   || 401
        'GET'  | '/api/help'                    | null                                  | 'anonymous'     || 401
        'GET'  | '/api/help'                    | null                                  | 'guest'         || 200
        'GET'  | '/api/help/board'              | null                                  | 'member'        || 403
        'GET'  | '/api/help/board'              | null                                  | 'guest'         || 403
        'GET'  | '/api/help/board'              | null                                  | 'facilitator'   || 200
        'POST' | '/api/help'                    | [idempotencyKey: 'k', title: 'Aide', need: 'x', competences: ['mecenat'], theme: 'vie-du-reseau', urgency: 'low', preferredForm: 'call'] | 'guest' || 403
        'POST' | '/api/help'                    | [idempotencyKey: 'k', title: 'Aide', need: 'x', competences: ['mecenat'], theme: 'vie-du-reseau', urgency: 'low', preferredForm: 'call'] | 'anonymous' || 401
        'GET'  | "/api/help/${UUID.randomUUID()}" | null                                | 'member'        || 404
        'POST' | "/api/help/${UUID.randomUUID()}/accept" | [:]                          | 'member'        || 404
    }
}
