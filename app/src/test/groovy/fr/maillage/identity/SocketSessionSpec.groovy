package fr.maillage.identity

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.Rows
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Unroll
import spock.util.concurrent.PollingConditions

/**
 * An open socket follows its session and its person's role (issue: trust, section 1). Two
 * nodes share PostgreSQL and Redis: the event happens on node A, the socket lives on node B.
 * A third node shares the database but not the bus, to prove that each command checks its
 * session by itself when no message comes.
 */
class SocketSessionSpec extends Specification {
    static final String NEW_PASSWORD = 'une toute autre phrase de passe'
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a')
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-b', database: nodeA.databaseUrl)
    @Shared
    @AutoCleanup
    TestApp deaf = TestApp.start(nodeId: 'node-deaf', database: nodeA.databaseUrl)
    @Shared
    ApiClient admin = Accounts.administrator(nodeA)
    List<LiveClient> sockets = []

    def cleanup() {
        sockets*.close()
    }

    /** Someone new, signed in twice: on node A (to act) and on the given node (for the socket). */
    Map person(TestApp socketNode, String role = 'member') {
        String email = "p-${UUID.randomUUID()}@example.org"
        ApiClient first = Accounts.invited(nodeA, admin, role, email)
        ApiClient second = socketNode.client()
        assert second.post('/api/session', [email: email, password: Accounts.PASSWORD]).status == 200
        LiveClient socket = LiveClient.connect(socketNode.baseUrl, second)
        sockets << socket
        assert socket.command([type: 'ping']).type == 'pong'
        [email: email, first: first, second: second, socket: socket, id: first.get('/api/me').json.id]
    }

    Map newThread(LiveClient socket, String title) {
        socket.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                        theme: 'vie-du-reseau', kind: 'discussion', title: title, body: 'Un message.'])
    }

    Map cmd(LiveClient socket, Map frame) {
        socket.command([idempotencyKey: UUID.randomUUID().toString()] + frame)
    }

    long threadsTitled(String title) {
        Rows.count(nodeA, 'SELECT count(*) FROM discussion_thread WHERE title = ?', title)
    }

    /** Sends a command on a socket that may already be closed: the answer, or null if it could not go. */
    Map tryThread(LiveClient socket, String title) {
        try {
            return newThread(socket, title)
        } catch (Exception | AssertionError ignored) {
            return null
        }
    }

    void end(String event, Map p) {
        switch (event) {
            case 'sign-out':
                // through node A, like a load balancer could: the socket's node hears of it only by the bus
                assert p.second.switchTo(nodeA.baseUrl).delete('/api/session').status == 204
                break
            case 'password change':
                assert p.first.post('/api/me/password', [currentPassword: Accounts.PASSWORD, newPassword: NEW_PASSWORD]).status == 204
                break
            case 'password reset':
                assert nodeA.client().post('/api/password-resets', [email: p.email]).status == 202
                String token = Accounts.latestLinkToken(nodeA, p.email, '/password-reset/')
                assert nodeA.client().post("/api/password-resets/${token}", [password: NEW_PASSWORD]).status == 204
                break
            case 'sessions ended by an administrator':
                assert admin.delete("/api/admin/users/${p.id}/sessions").status == 204
                break
            case 'deactivation':
                assert admin.post("/api/admin/users/${p.id}/deactivation", [:]).status == 200
                break
            default:
                throw new IllegalArgumentException(event)
        }
    }

    @Unroll
    def "#event on node A closes the socket on node B within a second, and its next command stores nothing"() {
        given:
        def p = person(nodeB)
        assert newThread(p.socket, "avant ${event}").type == 'ack'

        when:
        end(event, p)

        then: "the socket closes with 4401 within one second"
        new PollingConditions(timeout: 1, delay: 0.02).eventually {
            assert p.socket.closeCode == 4401
        }

        and: "a command sent after the event is refused (or cannot be sent), and nothing is stored"
        def answer = tryThread(p.socket, "après ${event}")
        answer == null || answer.problem.type == '/problems/unauthenticated'
        threadsTitled("après ${event}") == 0
        threadsTitled("avant ${event}") == 1

        and: "the ended session no longer opens a socket"
        def again = new LiveClient(nodeB.baseUrl, p.second.cookie('maillage_session'))
        sockets << again
        try { again.open() } catch (Exception ignored) { }
        new PollingConditions(timeout: 5).eventually { assert again.closeCode != null }

        where:
        event << ['sign-out', 'password change', 'password reset', 'sessions ended by an administrator', 'deactivation']
    }

    @Unroll
    def "without any message between nodes, #event still refuses the next command on the socket"() {
        given: "a socket on a node that shares the database but hears no bus"
        def p = person(deaf)

        when:
        end(event, p)
        def answer = newThread(p.socket, "sourd ${event}")

        then:
        answer.type == 'error'
        answer.problem.type == '/problems/unauthenticated'
        answer.requestId != null
        new PollingConditions(timeout: 5).eventually { assert p.socket.closeCode == 4401 }
        threadsTitled("sourd ${event}") == 0

        where:
        event << ['sign-out', 'password change', 'password reset', 'sessions ended by an administrator', 'deactivation']
    }

    def "a password change keeps the session that made it, and its socket"() {
        given:
        def p = person(nodeB)
        def own = LiveClient.connect(nodeB.baseUrl, p.first)
        sockets << own

        when:
        end('password change', p)

        then:
        new PollingConditions(timeout: 1, delay: 0.02).eventually { assert p.socket.closeCode == 4401 }
        newThread(own, 'toujours là').type == 'ack'
        own.closeCode == null
    }

    def "a facilitator demoted on node A can no longer moderate through a socket opened on node B before"() {
        given:
        def member = person(nodeB)
        def facilitator = person(nodeB, 'facilitator')
        def thread = newThread(member.socket, 'Un fil à épingler').result
        assert cmd(facilitator.socket, [type: 'discussion.moderate_thread', threadId: thread.threadId, pinned: true]).type == 'ack'
        assert cmd(facilitator.socket, [type: 'discussion.moderate_thread', threadId: thread.threadId, pinned: false]).type == 'ack'

        when:
        assert admin.patch("/api/admin/users/${facilitator.id}", [role: 'member']).status == 200
        def pin = cmd(facilitator.socket, [type: 'discussion.moderate_thread', threadId: thread.threadId, pinned: true])
        def delete = cmd(facilitator.socket, [type: 'discussion.delete_post', postId: thread.postId])

        then:
        pin.problem.type == '/problems/forbidden'
        delete.problem.type in ['/problems/forbidden', '/problems/not-found']
        !member.first.get("/api/threads/${thread.threadId}").json.thread.pinned
        Rows.count(nodeA, 'SELECT count(*) FROM discussion_post WHERE id = ? AND deleted_at IS NULL', UUID.fromString(thread.postId)) == 1

        and: "the socket stays open: only the role changed"
        facilitator.socket.closeCode == null
    }

    def "a member demoted to guest loses, on the other node, the theme streams a guest may not read"() {
        given:
        def p = person(nodeB)
        def sub = p.socket.subscribe('theme:vie-du-reseau')
        assert p.socket.answer(sub).type == 'ack'

        when:
        assert admin.patch("/api/admin/users/${p.id}", [role: 'guest']).status == 200

        then:
        new PollingConditions(timeout: 2).eventually {
            assert p.socket.frames.any { it.type == 'unsubscribed' && it.stream == 'theme:vie-du-reseau' && it.reason == 'access' }
        }
        newThread(p.socket, 'Un fil de trop').problem.type in ['/problems/not-found', '/problems/forbidden']
        threadsTitled('Un fil de trop') == 0
    }

    def "a deactivated person cannot sign in, and can again once reactivated"() {
        given:
        def p = person(nodeB)

        when:
        end('deactivation', p)
        def refused = nodeA.client().post('/api/session', [email: p.email, password: Accounts.PASSWORD])
        def wrong = nodeA.client().post('/api/session', [email: p.email, password: 'pas le bon mot de passe'])

        then:
        refused.status == 403
        refused.json.type == '/problems/account-deactivated'
        wrong.status == 401
        admin.get('/api/admin/users').json.find { it.id == p.id }.status == 'deactivated'

        when:
        assert admin.delete("/api/admin/users/${p.id}/deactivation").status == 200

        then:
        nodeA.client().post('/api/session', [email: p.email, password: Accounts.PASSWORD]).status == 200
        admin.get('/api/admin/users').json.find { it.id == p.id }.status == 'active'
    }

    def "the last active administrator cannot be deactivated, and a member may not deactivate anyone"() {
        given:
        def p = person(nodeB)
        String adminId = admin.get('/api/me').json.id

        expect:
        admin.post("/api/admin/users/${adminId}/deactivation", [:]).status == 409
        p.first.post("/api/admin/users/${adminId}/deactivation", [:]).status == 403
        p.first.delete("/api/admin/users/${adminId}/sessions").status == 403
        nodeA.client().post('/api/session', [email: admin.get('/api/me').json.email, password: Accounts.PASSWORD]).status == 200
    }

    def "deactivating someone revokes the invitations they sent that are still pending"() {
        given:
        def p = person(nodeB, 'administrator')
        assert p.first.post('/api/invitations', [email: 'pending-guest@example.org', role: 'guest']).status == 201

        when:
        end('deactivation', p)

        then:
        admin.get('/api/invitations').json.find { it.email == 'pending-guest@example.org' }.status == 'revoked'
    }

    def "the sign-in slow-down is shared through Redis, and an untrusted X-Forwarded-For changes nothing"() {
        given:
        String email = "throttle-${UUID.randomUUID()}@example.org"
        Accounts.invited(nodeA, admin, 'member', email)

        when: "five wrong passwords on node A, each claiming another address the node does not trust"
        def failures = (1..5).collect {
            nodeA.client().post('/api/session', [email: email, password: 'guess guess guess'],
                    ['X-Forwarded-For': "198.51.100.${it}"]).status
        }
        def onB = nodeB.client().post('/api/session', [email: email, password: Accounts.PASSWORD])

        then:
        failures == [401] * 5
        onB.status == 429
        onB.json.type == '/problems/too-many-attempts'
        (onB.header('Retry-After') as int) in 1..60
    }
}
