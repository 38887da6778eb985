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

    static final Map SESSION = [theme: 'vie-du-reseau', title: 'Rencontre', format: 'online', durationMinutes: 60,
                                firstStart: '2030-06-11T10:00:00', recurrence: 'once']

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
        'GET'  | '/api/moderation/cases'       | null                                  | 'anonymous'     || 401
        'GET'  | '/api/moderation/cases'       | null                                  | 'guest'         || 403
        'GET'  | '/api/moderation/cases'       | null                                  | 'member'        || 403
        'GET'  | '/api/moderation/cases'       | null                                  | 'facilitator'   || 200
        'GET'  | '/api/moderation/cases'       | null                                  | 'administrator' || 200
        'GET'  | '/api/me/mutes'               | null                                  | 'anonymous'     || 401
        'GET'  | '/api/me/mutes'               | null                                  | 'guest'         || 200
        'POST' | '/api/reports'                | [itemKind: 'post', itemId: UUID.randomUUID().toString(), reason: 'spam'] | 'anonymous' || 401
        'POST' | '/api/reports'                | [itemKind: 'post', itemId: UUID.randomUUID().toString(), reason: 'spam'] | 'member'    || 404
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
        'DELETE'| "/api/admin/users/${UUID.randomUUID()}/sessions" | null               | 'facilitator'   || 403
        'DELETE'| "/api/admin/users/${UUID.randomUUID()}/sessions" | null               | 'anonymous'     || 401
        'DELETE'| "/api/admin/users/${UUID.randomUUID()}/sessions" | null               | 'administrator' || 404
        'POST' | "/api/admin/users/${UUID.randomUUID()}/deactivation" | [:]              | 'member'        || 403
        'POST' | "/api/admin/users/${UUID.randomUUID()}/deactivation" | [:]              | 'anonymous'     || 401
        'POST' | "/api/admin/users/${UUID.randomUUID()}/deactivation" | [:]              | 'administrator' || 404
        'DELETE'| "/api/admin/users/${UUID.randomUUID()}/deactivation" | null            | 'facilitator'   || 403
        'GET'  | '/api/admin/audit'             | null                                  | 'anonymous'     || 401
        'GET'  | '/api/session/all'             | null                                  | 'anonymous'     || 401
        'GET'  | '/api/session/all'             | null                                  | 'guest'         || 200
        'DELETE'| "/api/session/all/${UUID.randomUUID()}" | null                        | 'member'        || 404
        'DELETE'| "/api/session/all/${UUID.randomUUID()}" | null                        | 'anonymous'     || 401
        'DELETE'| '/api/session/others'         | null                                  | 'anonymous'     || 401
        'GET'  | '/api/admin/audit'             | null                                  | 'guest'         || 403
        'GET'  | '/api/admin/audit'             | null                                  | 'facilitator'   || 403
        'GET'  | '/api/admin/audit'             | null                                  | 'administrator' || 200
        'GET'  | '/api/notifications'           | null                                  | 'anonymous'     || 401
        'GET'  | '/api/notifications'           | null                                  | 'guest'         || 200
        'POST' | '/api/notifications/read-all'  | [:]                                   | 'anonymous'     || 401
        'POST' | '/api/notifications/read-all'  | [:]                                   | 'guest'         || 200
        'GET'  | '/api/notifications/preferences' | null                                | 'anonymous'     || 401
        'GET'  | '/api/notifications/preferences' | null                                | 'guest'         || 200
        'PUT'  | '/api/notifications/preferences' | [digest: 'none', digestHour: 8, digestWeekday: 1, urgentImmediately: false] | 'anonymous' || 401
        'PUT'  | '/api/notifications/preferences' | [digest: 'none', digestHour: 8, digestWeekday: 1, urgentImmediately: false] | 'member' || 200
        'POST' | "/mail/unsubscribe/${UUID.randomUUID()}.digest.x" | [:]                | 'anonymous'     || 404
        'POST' | "/api/admin/outbox/${UUID.randomUUID()}/resend" | [:]                  | 'anonymous'     || 401
        'POST' | "/api/admin/outbox/${UUID.randomUUID()}/resend" | [:]                  | 'facilitator'   || 403
        'POST' | "/api/admin/outbox/${UUID.randomUUID()}/resend" | [:]                  | 'administrator' || 404
        'GET'  | '/api/peer-sessions'           | null                                  | 'anonymous'     || 401
        'GET'  | '/api/peer-sessions'           | null                                  | 'guest'         || 200
        'GET'  | '/api/peer-sessions'           | null                                  | 'member'        || 200
        'POST' | '/api/peer-sessions/series'    | SESSION                               | 'anonymous'     || 401
        'POST' | '/api/peer-sessions/series'    | SESSION                               | 'guest'         || 403
        'POST' | '/api/peer-sessions/series'    | SESSION                               | 'member'        || 403
        'POST' | '/api/peer-sessions/series'    | SESSION                               | 'facilitator'   || 201
        'POST' | '/api/peer-sessions/series'    | SESSION                               | 'administrator' || 201
        'GET'  | "/api/peer-sessions/series/${UUID.randomUUID()}" | null                | 'member'        || 404
        'GET'  | "/api/peer-sessions/series/${UUID.randomUUID()}" | null                | 'anonymous'     || 401
        'POST' | "/api/peer-sessions/occurrences/${UUID.randomUUID()}/cancel" | null     | 'facilitator'   || 404
        'POST' | "/api/peer-sessions/occurrences/${UUID.randomUUID()}/cancel" | null     | 'anonymous'     || 401
        'PUT'  | "/api/peer-sessions/occurrences/${UUID.randomUUID()}/rsvp" | [answer: 'yes'] | 'member'    || 404
        'GET'  | "/api/peer-sessions/occurrences/${UUID.randomUUID()}/ics" | null        | 'member'        || 404
        'GET'  | '/api/peer-sessions/feed'      | null                                  | 'anonymous'     || 401
        'GET'  | '/api/peer-sessions/feed'      | null                                  | 'guest'         || 200
        'GET'  | '/api/peer-sessions/calendar/not-a-token.ics' | null                  | 'anonymous'     || 404
        'GET'  | '/api/workspaces'              | null                                  | 'anonymous'     || 401
        'GET'  | '/api/workspaces'              | null                                  | 'guest'         || 200
        'POST' | '/api/workspaces'              | [name: 'Kit', purpose: 'Écrire']      | 'anonymous'     || 401
        'POST' | '/api/workspaces'              | [name: 'Kit', purpose: 'Écrire']      | 'guest'         || 403
        'POST' | '/api/workspaces'              | [name: 'Kit', purpose: 'Écrire']      | 'member'        || 201
        'POST' | '/api/workspaces'              | [name: 'Kit', purpose: 'Écrire']      | 'facilitator'   || 201
        'GET'  | "/api/workspaces/${UUID.randomUUID()}" | null                          | 'administrator' || 404
        'GET'  | "/api/workspaces/${UUID.randomUUID()}" | null                          | 'anonymous'     || 401
        'POST' | "/api/workspaces/${UUID.randomUUID()}/documents" | [title: 'x']        | 'member'        || 404
        'PUT'  | "/api/workspaces/${UUID.randomUUID()}/members/${UUID.randomUUID()}" | null | 'member'     || 404
        'DELETE' | "/api/workspaces/${UUID.randomUUID()}/members/${UUID.randomUUID()}" | null | 'anonymous' || 401
        'GET'  | "/api/documents/${UUID.randomUUID()}/state" | null                     | 'member'        || 404
        'GET'  | "/api/documents/${UUID.randomUUID()}/state" | null                     | 'anonymous'     || 401
        'POST' | "/api/documents/${UUID.randomUUID()}/snapshots" | [uptoSeq: 1, state: 'AAA='] | 'member' || 404
        'POST' | "/api/documents/${UUID.randomUUID()}/updates" | [idempotencyKey: 'k-12345678', update: 'AAA='] | 'member' || 404
        'POST' | "/api/documents/${UUID.randomUUID()}/updates" | [idempotencyKey: 'k-12345678', update: 'AAA='] | 'anonymous' || 401
        'GET'  | "/api/documents/${UUID.randomUUID()}/versions" | null                  | 'member'        || 404
        'GET'  | "/api/documents/${UUID.randomUUID()}/versions" | null                  | 'anonymous'     || 401
        'POST' | "/api/documents/${UUID.randomUUID()}/versions" | [name: 'v1']          | 'guest'         || 404
        'GET'  | "/api/documents/${UUID.randomUUID()}/versions/${UUID.randomUUID()}/state" | null | 'member' || 404
        'GET'  | "/api/workspaces/${UUID.randomUUID()}/files" | null                     | 'member'        || 404
        'GET'  | "/api/workspaces/${UUID.randomUUID()}/files" | null                     | 'anonymous'     || 401
        'POST' | "/api/workspaces/${UUID.randomUUID()}/files?name=a.pdf" | '%PDF-1.7'   | 'member'        || 404
        'POST' | "/api/workspaces/${UUID.randomUUID()}/files?name=a.pdf" | '%PDF-1.7'   | 'anonymous'     || 401
        'GET'  | "/api/workspaces/${UUID.randomUUID()}/files/${UUID.randomUUID()}" | null | 'administrator' || 404
        'GET'  | "/api/workspaces/${UUID.randomUUID()}/files/${UUID.randomUUID()}" | null | 'anonymous'   || 401
        'DELETE' | "/api/workspaces/${UUID.randomUUID()}/files/${UUID.randomUUID()}" | null | 'member'    || 404
        'DELETE' | "/api/workspaces/${UUID.randomUUID()}/files/${UUID.randomUUID()}" | null | 'anonymous' || 401
        'POST' | "/api/workspaces/${UUID.randomUUID()}/links" | [url: 'https://example.org', title: 'x'] | 'member' || 404
        'POST' | "/api/workspaces/${UUID.randomUUID()}/links" | [url: 'https://example.org', title: 'x'] | 'anonymous' || 401
        'DELETE' | "/api/workspaces/${UUID.randomUUID()}/links/${UUID.randomUUID()}" | null | 'guest'     || 404
        'DELETE' | "/api/workspaces/${UUID.randomUUID()}/links/${UUID.randomUUID()}" | null | 'anonymous' || 401
        'GET'  | "/api/documents/${UUID.randomUUID()}/comments" | null                  | 'anonymous'     || 401
        'GET'  | "/api/documents/${UUID.randomUUID()}/comments" | null                  | 'administrator' || 404
        'POST' | "/api/documents/${UUID.randomUUID()}/comments" | [idempotencyKey: 'k', body: 'x', quote: 'y', anchor: [start: 'AAUCAA==', end: 'AAUDAA==']] | 'anonymous' || 401
        'POST' | "/api/documents/${UUID.randomUUID()}/comments" | [idempotencyKey: 'k', body: 'x', quote: 'y', anchor: [start: 'AAUCAA==', end: 'AAUDAA==']] | 'guest' || 404
        'POST' | "/api/documents/${UUID.randomUUID()}/comments/${UUID.randomUUID()}/resolve" | null | 'member' || 404
        'POST' | "/api/documents/${UUID.randomUUID()}/comments/${UUID.randomUUID()}/reopen" | null | 'anonymous' || 401
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
