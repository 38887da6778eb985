package fr.maillage.discussion

import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/** The event pipeline end to end: two nodes sharing PostgreSQL and Redis. */
class LivePipelineSpec extends Specification {
    static final String STREAM = 'theme:vie-du-reseau'
    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a', properties: ['maillage.live.max-replay': 20])
    @Shared
    @AutoCleanup
    TestApp nodeB = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-b', database: nodeA.databaseUrl, properties: ['maillage.live.max-replay': 20])
    @Shared
    def admin = Accounts.administrator(nodeA)
    @Shared
    def member = Accounts.invited(nodeA, admin, 'member')
    def conditions = new PollingConditions(timeout: 10)
    List<LiveClient> clients = []

    def cleanup() {
        clients*.close()
    }

    LiveClient live(TestApp node, def who) {
        def c = LiveClient.connect(node.baseUrl, who)
        clients << c
        c
    }

    Map newThread(LiveClient c, String title = 'Financer un tiers-lieu') {
        c.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                   theme: 'vie-du-reseau', kind: 'question', title: title, body: 'Qui a déjà monté un **fonds** ?'])
    }

    long committedSeq() {
        nodeA.bean(TransactionOperations).executeRead {
            nodeA.bean(JdbcOperations).prepareStatement("SELECT last_seq FROM stream WHERE id = ?") { ps ->
                ps.setString(1, STREAM); def rs = ps.executeQuery(); rs.next(); rs.getLong(1)
            }
        } as long
    }

    def "a post made on node A reaches a reader on node B live, and typing crosses too"() {
        given:
        def writer = live(nodeA, admin)
        def reader = live(nodeB, member)
        assert reader.answer(reader.subscribe(STREAM)).type == 'ack'
        assert writer.answer(writer.subscribe(STREAM)).type == 'ack'

        when:
        def ack = newThread(writer)

        then:
        ack.type == 'ack'
        ack.seq > 0
        ack.result.threadId
        conditions.eventually {
            def created = reader.eventsOf(STREAM).find { it.type == 'discussion.thread_created' && it.thread.id == ack.result.threadId }
            assert created
            assert created.post.html.contains('<strong>fonds</strong>')
        }
        reader.lastSeq[STREAM] == ack.seq

        when:
        writer.send([type: 'typing', stream: STREAM, threadId: ack.result.threadId])

        then:
        conditions.eventually {
            assert reader.frames.find { it.type == 'typing' && it.threadId == ack.result.threadId && it.displayName == 'Ada Admin' }
        }
        reader.anomalies.isEmpty()
    }

    def "a reader that missed events gets exactly them on resubscribe, in order"() {
        given:
        def writer = live(nodeA, admin)
        def thread = newThread(writer)
        def reader = live(nodeB, member)
        reader.answer(reader.subscribe(STREAM, thread.seq as long))

        when: "the reader drops, 8 replies are posted, the reader comes back on the other node"
        reader.drop()
        def acks = (1..8).collect { n ->
            writer.command([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: thread.result.threadId, body: "réponse ${n}"])
        }
        def back = new LiveClient(nodeA.baseUrl, member.cookie('maillage_session'))
        clients << back
        back.lastSeq.putAll(reader.lastSeq)
        back.events.putAll(reader.events)
        back.open()
        back.answer(back.subscribe(STREAM))

        then:
        conditions.eventually {
            assert back.lastSeq[STREAM] == acks.last().seq
        }
        def replayed = back.eventsOf(STREAM).findAll { it.type == 'discussion.post_created' }*.post*.body
        replayed.takeRight(8) == (1..8).collect { "réponse ${it}".toString() }
        back.anomalies.isEmpty()
    }

    def "a gap larger than the replay limit gets resync"() {
        given:
        def writer = live(nodeA, admin)
        def thread = newThread(writer)
        25.times { writer.command([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: thread.result.threadId, body: "r${it}"]) }
        def reader = live(nodeB, member)

        when:
        reader.answer(reader.subscribe(STREAM, thread.seq as long))

        then:
        conditions.eventually {
            def resync = reader.frames.find { it.type == 'resync' }
            assert resync
            assert resync.seq == committedSeq()
        }
        reader.eventsOf(STREAM).isEmpty()
    }

    def "retrying a command with the same idempotency key creates one post and answers the same"() {
        given:
        def writer = live(nodeA, admin)
        def thread = newThread(writer)
        def key = UUID.randomUUID().toString()
        def reply = [type: 'discussion.reply', idempotencyKey: key, threadId: thread.result.threadId, body: 'une seule fois']

        when:
        def first = writer.command(reply)
        def second = live(nodeB, admin).command(reply)

        then:
        first.type == 'ack'
        second.type == 'ack'
        second.seq == first.seq
        second.result.postId == first.result.postId
        admin.get("/api/threads/${thread.result.threadId}").json.posts.findAll { it.body == 'une seule fois' }.size() == 1
    }

    def "a rejected command changes nothing and publishes nothing"() {
        given:
        def writer = live(nodeA, admin)
        def one = newThread(writer, 'Premier fil')
        def two = newThread(writer, 'Second fil')
        def reader = live(nodeB, member)
        reader.answer(reader.subscribe(STREAM))
        def before = committedSeq()
        def firstPost = admin.get("/api/threads/${one.result.threadId}").json.posts[0].id

        when: "a reply quotes a post of another thread"
        def answer = writer.command([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(),
                                     threadId: two.result.threadId, body: 'citation', replyTo: firstPost])

        then:
        answer.type == 'error'
        answer.problem.type == '/problems/validation'
        answer.problem.violations*.field == ['replyTo']
        committedSeq() == before
        admin.get("/api/threads/${two.result.threadId}").json.posts.size() == 1

        when: "a valid command follows"
        def ok = writer.command([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: two.result.threadId, body: 'ok'])

        then: "it takes the very next sequence, and the reader sees no gap"
        ok.seq == before + 1
        conditions.eventually { assert reader.lastSeq[STREAM] == ok.seq }
        reader.anomalies.isEmpty()
    }

    def "bad frames get error frames naming the request, and the socket keeps working: #what"() {
        given:
        def c = live(nodeA, member)

        when:
        c.sendRaw(raw)
        def error = new PollingConditions(timeout: 5).eventually { assert c.frames.find { it.type == 'error' } }
        def ping = c.command([type: 'ping'])

        then:
        c.frames.find { it.type == 'error' }.problem.type == problem
        c.frames.find { it.type == 'error' }.requestId == requestId
        ping.type == 'pong'

        where:
        what                  | raw                                                                            || problem                      | requestId
        'malformed JSON'      | '{"type": "ping", '                                                            || '/problems/malformed-frame'  | null
        'not an object'       | '[1, 2]'                                                                       || '/problems/malformed-frame'  | null
        'unknown type'        | '{"type":"teleport","requestId":"x1"}'                                         || '/problems/unknown-frame'    | 'x1'
        'oversized'           | '{"type":"ping","requestId":"x2","pad":"' + ('a' * 20_000) + '"}'              || '/problems/frame-too-large'  | null
        'wrong field types'   | '{"type":"discussion.reply","requestId":"x3","idempotencyKey":"k","threadId":5,"body":[]}' || '/problems/malformed-frame' | 'x3'
        'missing fields'      | '{"type":"discussion.create_thread","requestId":"x4","idempotencyKey":"k4"}'   || '/problems/validation'       | 'x4'
        'unknown stream'      | '{"type":"subscribe","requestId":"x5","streams":[{"stream":"theme:nope"}]}'    || '/problems/not-found'        | 'x5'
        'stream of no feature'| '{"type":"subscribe","requestId":"x6","streams":[{"stream":"secret:1"}]}'      || '/problems/not-found'        | 'x6'
        'unknown thread'      | '{"type":"discussion.reply","requestId":"x7","idempotencyKey":"k7","threadId":"' + UUID.randomUUID() + '","body":"b"}' || '/problems/not-found' | 'x7'
    }

    def "a guest cannot read or write a theme it was not invited to"() {
        given:
        def guest = Accounts.invited(nodeA, admin, 'guest')
        def c = live(nodeB, guest)

        expect:
        c.answer(c.subscribe(STREAM)).problem.type == '/problems/not-found'
        newThread(c).problem.type == '/problems/not-found'
        guest.get('/api/themes/vie-du-reseau/threads').status == 404
        guest.get('/api/themes').json.isEmpty()
    }

    def "a member made guest loses the theme live, on every node, and gets nothing more from it"() {
        given:
        def demoted = Accounts.invited(nodeA, admin, 'member')
        def userId = demoted.get('/api/me').json.id
        def watcher = live(nodeB, demoted)
        assert watcher.answer(watcher.subscribe(STREAM)).type == 'ack'
        def writer = live(nodeA, admin)

        when: "an administrator on node A changes the role"
        def change = admin.patch("/api/admin/users/${userId}", [role: 'guest'])

        then: "the socket on node B is told and unsubscribed"
        change.status == 200
        conditions.eventually {
            assert watcher.frames.find { it.type == 'unsubscribed' && it.stream == STREAM && it.reason == 'access' }
        }

        when:
        def ack = newThread(writer, 'Après le changement de rôle')

        then:
        ack.type == 'ack'
        new PollingConditions(timeout: 2, initialDelay: 1).eventually {
            assert !watcher.eventsOf(STREAM).find { it.type == 'discussion.thread_created' && it.thread.id == ack.result.threadId }
        }
    }

    def "who is online is known on every node, and one closed tab of two does not mean offline"() {
        given:
        def someone = Accounts.invited(nodeA, admin, 'member')
        def someoneId = someone.get('/api/me').json.id
        def observer = live(nodeA, admin)

        when: "they open a tab on node B and another on node A"
        def tabB = LiveClient.connect(nodeB.baseUrl, someone)
        def tabA = LiveClient.connect(nodeA.baseUrl, someone)

        then:
        conditions.eventually {
            assert observer.frames.find { it.type == 'presence' && it.userId == someoneId && it.online }
            assert admin.get('/api/presence').json.online*.id.contains(someoneId)
            assert admin.switchTo(nodeB.baseUrl).get('/api/presence').json.online*.id.contains(someoneId)
        }

        when: "the tab on B closes: still online through A"
        tabB.close()
        Thread.sleep(500)

        then:
        admin.get('/api/presence').json.online*.id.contains(someoneId)
        !observer.frames.find { it.type == 'presence' && it.userId == someoneId && !it.online }

        when: "the last tab closes"
        tabA.close()

        then:
        conditions.eventually {
            assert observer.frames.find { it.type == 'presence' && it.userId == someoneId && !it.online }
            assert !admin.get('/api/presence').json.online*.id.contains(someoneId)
        }
        app_anonymous_cannot_see_presence()
    }

    void app_anonymous_cannot_see_presence() {
        assert nodeA.client().get('/api/presence').status == 401
    }

    def "a silent socket is closed, a pinging one is kept"() {
        given:
        def quietNode = TestApp.start(database: nodeA.databaseUrl, properties: ['maillage.live.silence-seconds': 2, 'maillage.live.sweep-interval': '500ms'])
        def quiet = LiveClient.connect(quietNode.baseUrl, member)
        def chatty = LiveClient.connect(quietNode.baseUrl, member)
        def pinger = Thread.start { 8.times { Thread.sleep(500); try { chatty.send([type: 'ping']) } catch (ignored) { } } }

        expect:
        new PollingConditions(timeout: 8).eventually { assert quiet.closeCode == 4000 }
        chatty.closeCode == null

        cleanup:
        pinger?.join()
        quiet?.close()
        chatty?.close()
        quietNode?.close()
    }

    def "a socket without a session or from another site is refused"() {
        when:
        def anonymous = new LiveClient(nodeA.baseUrl, null).open()

        then:
        conditions.eventually { assert anonymous.closeCode == 4401 }

        when: "another site opens it with a member's cookie"
        Integer foreignClose = null
        boolean handshakeRefused = false
        try {
            def foreign = LiveClient.connect(nodeA.baseUrl, member, 'https://evil.example')
            conditions.eventually { assert foreign.closeCode != null }
            foreignClose = foreign.closeCode
        } catch (java.util.concurrent.ExecutionException e) {
            handshakeRefused = e.cause instanceof java.net.http.WebSocketHandshakeException
        }

        then: "the handshake is refused (403) or the socket closed at once (4401)"
        handshakeRefused || foreignClose == 4401
    }
}
