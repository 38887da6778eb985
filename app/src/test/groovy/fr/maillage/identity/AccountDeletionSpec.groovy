package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors

/**
 * Deleting an account (issue 14 §4, docs/privacy.md): by the person with their password, or by
 * an administrator on request. Two nodes share PostgreSQL and Redis: the deletion goes through
 * node A while the person's socket lives on node B.
 */
class AccountDeletionSpec extends Specification {
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a')
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-b', database: nodeA.databaseUrl)
    @Shared
    ApiClient admin = Accounts.administrator(nodeA, "deletion-admin@example.org")
    List<LiveClient> sockets = []

    def cleanup() {
        sockets*.close()
    }

    Map person(String role = 'member', String email = "d-${UUID.randomUUID()}@example.org") {
        ApiClient client = Accounts.invited(nodeA, admin, role, email)
        [email: email, client: client, id: UUID.fromString(client.get('/api/me').json.id as String)]
    }

    LiveClient socketOn(TestApp node, Map p) {
        ApiClient second = node.client()
        assert second.post('/api/session', [email: p.email, password: Accounts.PASSWORD]).status == 200
        LiveClient socket = LiveClient.connect(node.baseUrl, second)
        sockets << socket
        assert socket.command([type: 'ping']).type == 'pong'
        socket
    }

    Map cmd(LiveClient socket, Map frame) {
        def answer = socket.command([idempotencyKey: UUID.randomUUID().toString()] + frame)
        assert answer.type == 'ack': answer
        answer
    }

    long count(String sql, Object... params) {
        Rows.count(nodeA, sql, params)
    }

    void exec(String sql, Object... params) {
        nodeA.bean(TransactionOperations).executeWrite { status ->
            nodeA.bean(JdbcOperations).prepareStatement(sql) { ps ->
                params.eachWithIndex { p, i -> ps.setObject(i + 1, p) }
                ps.executeUpdate()
            }
        }
    }

    static Map deletion(Map overrides = [:]) {
        [password: Accounts.PASSWORD, confirmation: 'SUPPRIMER', posts: 'keep'] + overrides
    }

    def "a wrong password, a missing confirmation or an unknown choice deletes nothing"() {
        given:
        def p = person()

        when:
        def wrong = p.client.post('/api/me/deletion', deletion(password: 'pas le bon mot de passe'))
        def unconfirmed = p.client.post('/api/me/deletion', deletion(confirmation: 'oui'))
        def unknownChoice = p.client.post('/api/me/deletion', deletion(posts: 'peut-être'))

        then:
        wrong.status == 400
        wrong.problem
        wrong.json.violations*.field == ['password']
        unconfirmed.status == 400
        unconfirmed.json.violations*.field == ['confirmation']
        unknownChoice.status == 400
        unknownChoice.json.violations*.field == ['posts']

        and: "the account and its session are untouched"
        p.client.get('/api/me').status == 200
        count('SELECT count(*) FROM app_user WHERE id = ? AND deleted_at IS NULL AND email = ?', p.id, p.email) == 1
    }

    def "the person deletes their account: personal data goes, posts stay as Ancien membre, the e-mail is free, sockets close on the other node"() {
        given: "a member with a profile, a photo, competences, notifications, preferences, a calendar feed and edited posts"
        def p = person()
        def other = person()
        exec("INSERT INTO directory_profile (user_id, bio, organisation, updated_at) VALUES (?, 'Ma bio', 'Mon asso', now())", p.id)
        exec("INSERT INTO directory_photo (user_id, jpeg, updated_at) VALUES (?, '\\xffd8'::bytea, now())", p.id)
        exec("INSERT INTO directory_competence (user_id, competence_slug, mode) VALUES (?, 'mecenat', 'can_help')", p.id)
        exec("INSERT INTO notification (id, recipient_id, kind, link, created_at) VALUES (gen_random_uuid(), ?, 'discussion.reply', '/', now())", p.id)
        exec("INSERT INTO notification_preference (user_id, digest, digest_hour, digest_weekday, urgent_immediately, updated_at) "
                + "VALUES (?, 'weekly', 9, 1, true, now())", p.id)
        String feed = p.client.post('/api/peer-sessions/feed', [:]).json.url
        def writer = socketOn(nodeA, p)
        def thread = cmd(writer, [type: 'discussion.create_thread', theme: 'vie-du-reseau', kind: 'discussion',
                                  title: 'Fil à garder', body: 'Premier jet'])
        UUID threadId = UUID.fromString(thread.result.threadId as String)
        UUID postId = UUID.fromString(thread.result.postId as String)
        cmd(writer, [type: 'discussion.edit_post', postId: postId.toString(), body: 'Texte corrigé'])
        def otherSocket = socketOn(nodeA, other)
        cmd(otherSocket, [type: 'discussion.reply', threadId: threadId.toString(), body: 'Une réponse'])
        assert count('SELECT count(*) FROM discussion_post_revision WHERE post_id = ?', postId) == 1

        and: "a workspace only they manage, and one shared with another member"
        def alone = p.client.post('/api/workspaces', [name: 'Seul', purpose: 'Un atelier', theme: 'vie-du-reseau']).json
        def shared = p.client.post('/api/workspaces', [name: 'À deux', purpose: 'Un autre', theme: 'vie-du-reseau']).json
        assert p.client.send('PUT', "/api/workspaces/${shared.id}/members/${other.id}", null).status == 204
        UUID adminId = UUID.fromString(admin.get('/api/me').json.id as String)

        and: "a socket of theirs on node B"
        def listening = socketOn(nodeB, p)

        when:
        def reply = p.client.post('/api/me/deletion', deletion())

        then:
        reply.status == 204
        reply.header('Set-Cookie')?.contains('maillage_session=')

        and: "the socket on node B closes within a second, and the session is gone"
        new PollingConditions(timeout: 1, delay: 0.02).eventually {
            assert listening.closeCode == 4401
        }
        p.client.get('/api/me').status == 401
        count('SELECT count(*) FROM user_session WHERE user_id = ?', p.id) == 0

        and: "the row is an anonymised tombstone"
        count("SELECT count(*) FROM app_user WHERE id = ? AND display_name = 'Ancien membre' AND email NOT ILIKE ? "
                + "AND territory_code IS NULL AND deleted_at IS NOT NULL AND deactivated_at IS NOT NULL", p.id, p.email) == 1

        and: "profile, photo, competences, notifications, preferences and the calendar feed are gone"
        count('SELECT count(*) FROM directory_profile WHERE user_id = ?', p.id) == 0
        count('SELECT count(*) FROM directory_photo WHERE user_id = ?', p.id) == 0
        count('SELECT count(*) FROM directory_competence WHERE user_id = ?', p.id) == 0
        count('SELECT count(*) FROM notification WHERE recipient_id = ?', p.id) == 0
        count('SELECT count(*) FROM notification_preference WHERE user_id = ?', p.id) == 0
        count('SELECT count(*) FROM session_feed_token WHERE user_id = ?', p.id) == 0
        nodeA.client().get(new URI(feed).path).status == 404
        admin.get("/api/directory/people/${p.id}").status == 404
        !admin.get('/api/admin/users').json*.id.contains(p.id.toString())

        and: "the posts stay, attributed to Ancien membre, without their earlier versions"
        def page = other.client.get("/api/threads/${threadId}").json
        page.posts.size() == 2
        page.posts[0].authorName == 'Ancien membre'
        page.posts[0].body == 'Texte corrigé'
        !page.posts[0].deleted
        page.thread.authorName == 'Ancien membre'
        count('SELECT count(*) FROM discussion_post_revision WHERE post_id = ?', postId) == 0

        and: "the workspace only they managed passed to the administrator; the shared one did not"
        count('SELECT count(*) FROM workspace_member WHERE workspace_id = ? AND user_id = ?', UUID.fromString(alone.id), adminId) == 1
        count('SELECT count(*) FROM workspace WHERE id = ? AND created_by = ?', UUID.fromString(alone.id), adminId) == 1
        count('SELECT count(*) FROM workspace_member WHERE workspace_id = ? AND user_id = ?', UUID.fromString(shared.id), adminId) == 0
        count('SELECT count(*) FROM workspace_member WHERE user_id = ?', p.id) == 0

        when: "the same address is invited again"
        def again = person('member', p.email)

        then: "it makes a new account"
        again.id != p.id
        again.client.get('/api/me').json.email == p.email
    }

    def "someone who chooses to delete their posts leaves tombstones, so threads keep their shape"() {
        given:
        def p = person()
        def other = person()
        def thread = cmd(socketOn(nodeA, other), [type: 'discussion.create_thread', theme: 'vie-du-reseau', kind: 'question',
                                                  title: 'Une question', body: 'Laquelle ?'])
        String threadId = thread.result.threadId
        def answer = cmd(socketOn(nodeA, p), [type: 'discussion.reply', threadId: threadId, body: 'Ma réponse personnelle'])

        when:
        def reply = p.client.post('/api/me/deletion', deletion(posts: 'delete', confirmation: 'delete'))

        then:
        reply.status == 204
        def page = other.client.get("/api/threads/${threadId}").json
        page.posts.size() == 2
        page.posts[1].deleted
        page.posts[1].authorName == 'Ancien membre'
        count("SELECT count(*) FROM discussion_post WHERE author_id = ? AND body = '' AND html = '' AND deleted_at IS NOT NULL", p.id) == 1
        count("SELECT count(*) FROM discussion_post WHERE body LIKE '%personnelle%'") == 0
        answer.result.postId != null
    }

    def "the last active administrator cannot delete their own account; with another one they can"() {
        when:
        def refused = admin.post('/api/me/deletion', deletion())

        then:
        refused.status == 409
        refused.problem
        admin.get('/api/me').status == 200

        when: "a second administrator deletes their own account"
        def second = Accounts.administrator(nodeA, "second-admin-${UUID.randomUUID()}@example.org")
        def gone = second.post('/api/me/deletion', deletion())

        then:
        gone.status == 204
        admin.post('/api/me/deletion', deletion()).status == 409
    }

    def "an administrator deletes an account on request: audited; others may not"() {
        given:
        def p = person()
        def bystander = person('facilitator')

        when:
        def refused = bystander.client.post("/api/admin/users/${p.id}/deletion", [confirmation: 'SUPPRIMER', posts: 'keep'])
        def unconfirmed = admin.post("/api/admin/users/${p.id}/deletion", [confirmation: '', posts: 'keep'])

        then:
        refused.status == 403
        unconfirmed.status == 400
        count('SELECT count(*) FROM app_user WHERE id = ? AND deleted_at IS NULL', p.id) == 1

        when:
        def reply = admin.post("/api/admin/users/${p.id}/deletion", [confirmation: 'SUPPRIMER', posts: 'keep'])

        then:
        reply.status == 204
        p.client.get('/api/me').status == 401
        def audit = admin.get("/api/admin/audit?action=identity.account_deleted&target=${p.id}").json.entries
        audit.size() == 1
        audit[0].targetId == p.id.toString()
        audit[0].after.contains('keep')

        and: "a second deletion finds nothing"
        admin.post("/api/admin/users/${p.id}/deletion", [confirmation: 'SUPPRIMER', posts: 'keep']).status == 404
    }

    def "two deletions of one account at once: one happens, the other finds it gone"() {
        given:
        def p = person()
        def pool = Executors.newFixedThreadPool(2)
        def start = new CountDownLatch(1)

        when:
        def mine = pool.submit({ start.await(); p.client.post('/api/me/deletion', deletion()).status } as Callable<Integer>)
        def theirs = pool.submit({ start.await(); admin.post("/api/admin/users/${p.id}/deletion", [confirmation: 'DELETE', posts: 'delete']).status } as Callable<Integer>)
        start.countDown()
        def statuses = [mine.get(), theirs.get()]

        then: "exactly one succeeds; the other gets 404 (or 401 once the session is gone)"
        statuses.count(204) == 1
        statuses.findAll { it != 204 }.every { it in [401, 404] }
        count('SELECT count(*) FROM app_user WHERE id = ? AND deleted_at IS NOT NULL', p.id) == 1
        count("SELECT count(*) FROM audit_entry WHERE action = 'identity.account_deleted' AND target_id = ?", p.id.toString()) == (theirs.get() == 204 ? 1 : 0)

        cleanup:
        pool?.shutdown()
    }
}
