package fr.maillage.audit

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Administrative and moderation actions land in an append-only log that administrators read. */
class AuditLogSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    @Shared
    ApiClient admin = Accounts.administrator(app)
    @Shared
    ApiClient facilitator = Accounts.invited(app, admin, 'facilitator')
    @Shared
    ApiClient member = Accounts.invited(app, admin, 'member')
    @Shared
    List<LiveClient> sockets = []

    def cleanupSpec() {
        sockets*.close()
    }

    String idOf(ApiClient who) { who.get('/api/me').json.id }

    Map cmd(ApiClient who, Map frame) {
        def socket = LiveClient.connect(app.baseUrl, who)
        sockets << socket
        socket.command([idempotencyKey: UUID.randomUUID().toString()] + frame)
    }

    List entries(Map query = [:]) {
        String qs = query.collect { k, v -> "${k}=${URLEncoder.encode(v.toString(), 'UTF-8')}" }.join('&')
        def reply = admin.get("/api/admin/audit?${qs}")
        assert reply.status == 200: reply.toString()
        reply.json.entries
    }

    def "a role change is logged with who, on whom, before and after"() {
        given:
        def someone = Accounts.invited(app, admin, 'member')
        String id = idOf(someone)

        when:
        admin.patch("/api/admin/users/${id}", [role: 'facilitator'])
        def entry = entries(target: id).find { it.action == 'identity.role_changed' }

        then:
        entry.actorId == idOf(admin)
        entry.actorName == 'Ada Admin'
        entry.targetKind == 'person'
        entry.before.contains('"member"')
        entry.after.contains('"facilitator"')
        entry.at
    }

    def "deactivation, reactivation, ended sessions and invitations are logged"() {
        given:
        def someone = Accounts.invited(app, admin, 'member')
        String id = idOf(someone)

        when:
        admin.post("/api/admin/users/${id}/deactivation", [:])
        admin.delete("/api/admin/users/${id}/deactivation")
        admin.delete("/api/admin/users/${id}/sessions")
        def invitation = admin.post('/api/invitations', [email: 'audit-guest@example.org', role: 'guest']).json
        admin.delete("/api/invitations/${invitation.id}")

        then:
        entries(target: id)*.action.containsAll(['identity.deactivated', 'identity.reactivated', 'identity.sessions_ended'])
        entries(target: invitation.id)*.action == ['identity.invitation_revoked', 'identity.invitation_sent']
        entries(action: 'identity.deactivated').every { it.action == 'identity.deactivated' }
    }

    def "a deactivated person is shown as such in the directory and beside their posts, to every reader"() {
        given:
        def leaving = Accounts.invited(app, admin, 'member')
        String id = idOf(leaving)
        String name = leaving.get('/api/me').json.displayName
        def created = cmd(leaving, [type: 'discussion.create_thread', theme: 'vie-du-reseau', kind: 'discussion',
                                    title: 'Un fil avant le départ', body: 'Au revoir'])
        assert created.type == 'ack'
        def thread = { member.get("/api/threads/${created.result.threadId}").json }
        def card = { member.get("/api/directory/people?q=${URLEncoder.encode(name, 'UTF-8')}").json.items.find { it.id == id } }

        expect: 'before: active everywhere'
        thread().posts.find { it.id == created.result.postId }.authorDeactivated == false
        card().deactivated == false
        member.get("/api/directory/people/${id}").json.deactivated == false

        when:
        assert admin.post("/api/admin/users/${id}/deactivation", [:]).status in [200, 204]

        then: 'the post view, the directory card and the profile carry the flag'
        thread().posts.find { it.id == created.result.postId }.authorDeactivated == true
        card().deactivated == true
        member.get("/api/directory/people/${id}").json.deactivated == true
        facilitator.get("/api/directory/people/${id}").json.deactivated == true

        when: 'reactivated'
        admin.delete("/api/admin/users/${id}/deactivation")

        then:
        thread().posts.find { it.id == created.result.postId }.authorDeactivated == false
        card().deactivated == false
    }

    def "resending an invitation is logged with its status before and after"() {
        given:
        def invitation = admin.post('/api/invitations', [email: 'audit-resend@example.org', role: 'member']).json

        when:
        def resent = admin.post("/api/invitations/${invitation.id}/resend")
        def entry = entries(target: invitation.id).find { it.action == 'identity.invitation_resent' }

        then:
        resent.status == 200
        entry.actorId == idOf(admin)
        entry.targetName == 'audit-resend@example.org'
        entry.before.contains('"pending"')
        entry.after.contains('"pending"')
    }

    def "a facilitator's moderation of someone else's post is logged, an author's own edit is not"() {
        given:
        def created = cmd(member, [type: 'discussion.create_thread', theme: 'vie-du-reseau', kind: 'discussion',
                                   title: 'Un fil modéré', body: 'Texte premier'])
        assert created.type == 'ack'
        String postId = created.result.postId

        when:
        assert cmd(member, [type: 'discussion.edit_post', postId: postId, body: 'Texte revu par son auteur']).type == 'ack'
        assert cmd(facilitator, [type: 'discussion.moderate_thread', threadId: created.result.threadId, pinned: true]).type == 'ack'
        assert cmd(facilitator, [type: 'discussion.edit_post', postId: postId, body: 'Texte modéré']).type == 'ack'
        assert cmd(facilitator, [type: 'discussion.delete_post', postId: postId]).type == 'ack'

        then:
        entries(target: postId)*.action == ['discussion.post_deleted', 'discussion.post_edited']
        entries(target: postId).every { it.actorId == idOf(facilitator) }
        entries(target: postId).find { it.action == 'discussion.post_edited' }.before.contains('Texte revu par son auteur')
        entries(target: created.result.threadId)*.action == ['discussion.thread_moderated']
    }

    def "only administrators read the log, and it pages newest first"() {
        given:
        4.times { admin.post('/api/invitations', [email: "page-${it}@example.org", role: 'guest']) }

        when:
        def first = admin.get('/api/admin/audit?action=identity.invitation_sent&limit=2').json
        def second = admin.get("/api/admin/audit?action=identity.invitation_sent&limit=2&before=${first.next}").json

        then:
        first.entries.size() == 2
        first.next != null
        second.entries.size() == 2
        first.entries*.id.min() > second.entries*.id.max()
        facilitator.get('/api/admin/audit').status == 403
        member.get('/api/admin/audit').status == 403
        app.client().get('/api/admin/audit').status == 401
        admin.get('/api/admin/audit?limit=0').status == 400
        admin.get('/api/admin/audit?limit=201').status == 400
    }

    def "entries can never be edited or deleted, even straight in the database"() {
        when:
        Rows.count(app, 'WITH d AS (DELETE FROM audit_entry RETURNING 1) SELECT count(*) FROM d')

        then:
        thrown(Exception)
        Rows.count(app, 'SELECT count(*) FROM audit_entry') > 0
    }

    def "a refused action writes no entry"() {
        given:
        String adminId = idOf(admin)
        long before = Rows.count(app, 'SELECT count(*) FROM audit_entry')

        expect:
        admin.post("/api/admin/users/${adminId}/deactivation", [:]).status == 409
        member.patch("/api/admin/users/${adminId}", [role: 'member']).status == 403
        Rows.count(app, 'SELECT count(*) FROM audit_entry') == before
    }

    def "administrators list and search everyone with role, territory, last seen and status"() {
        given:
        def someone = Accounts.invited(app, admin, 'member', 'zoe.percent_100@example.org')

        when:
        def all = admin.get('/api/admin/users').json
        def found = admin.get('/api/admin/users?q=percent_1').json
        def wildcard = admin.get('/api/admin/users?q=%25').json

        then:
        all.size() >= 4
        all.every { it.status in ['active', 'deactivated'] && it.role && it.createdAt }
        all.find { it.id == idOf(someone) }.lastSeenAt != null
        found*.email == ['zoe.percent_100@example.org']
        wildcard.isEmpty()
        admin.get("/api/admin/users?q=${'x' * 81}").status == 400
    }
}
