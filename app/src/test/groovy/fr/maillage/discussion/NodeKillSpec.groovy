package fr.maillage.discussion

import fr.maillage.support.FaultForm
import fr.maillage.support.Accounts
import fr.maillage.support.ChildNode
import fr.maillage.support.ApiClient
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import fr.maillage.support.TestServices
import groovy.json.JsonSlurper
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A node dies like a process does (SIGKILL, no shutdown hook, no close frame) while its clients
 * are writing. Node A runs in this JVM; node B is a separate JVM started from the same classes
 * and killed mid-stream. What was acknowledged survives exactly once, retries of the in-doubt
 * commands on A create nothing twice, and readers on either node end with exactly the stored
 * stream, without a gap or a resync.
 */
class NodeKillSpec extends Specification {
    static final String STREAM = 'theme:vie-du-reseau'
    static final int WRITERS = 4
    /** Pacing of each writer: 4 writers at 12.5 commands/s is about 50 replies/s on node B, under the per-socket limit (20/s). */
    static final long PACE_MILLIS = 80
    /** Posts acknowledged before the kill: 100 in the suite, 3,000 from infra/bench/faults.sh. */
    static final int ACKED_BEFORE_KILL = FaultForm.count('acked-before-kill', 100, 3_000)

    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a')
    @Shared
    ChildNode nodeB
    @Shared
    String nodeBUrl

    @Shared
    boolean allPassed = true
    boolean passed = false
    List<LiveClient> opened = new CopyOnWriteArrayList<>()
    List<Closeable> relays = new CopyOnWriteArrayList<>()

    def setupSpec() {
        nodeB = ChildNode.start(nodeA.databaseUrl, prefix, 'node-b')
        nodeBUrl = nodeB.baseUrl
    }

    def cleanup() {
        opened.each { c ->
            try { c.close() } catch (Exception ignored) { }
        }
        relays*.close()
        if (!passed) {
            allPassed = false
            println "---- node B (${nodeB?.alive ? 'still running' : "exit ${nodeB?.process?.exitValue()}"}), last log lines ----\n${tail()}"
        }
        killNodeB()
    }

    def cleanupSpec() {
        nodeB?.close(allPassed)  // the log is kept when something failed, for a look at B's whole log
    }

    /** The last statement of the feature: cleanup prints B's log when it was not reached. */
    void markPassed() {
        passed = true
    }

    void killNodeB() {
        nodeB?.kill()
    }

    String tail(int lines = 60) {
        nodeB?.tail(lines) ?: '(no node B)'
    }

    // ---- clients and database -------------------------------------------------------------

    LiveClient live(String baseUrl, ApiClient who) {
        def c = new LiveClient(baseUrl, who.cookie('maillage_session'))
        opened << c
        c.open()
        c
    }

    /** A client that lost its socket opens a new one elsewhere, keeping what it applied (as the web client does). */
    LiveClient resume(LiveClient old, String baseUrl) {
        def back = new LiveClient(baseUrl, old.sessionCookie)
        opened << back
        synchronized (old) {
            back.lastSeq.putAll(old.lastSeq)
            back.events[STREAM] = new CopyOnWriteArrayList<Map>(old.eventsOf(STREAM))
            back.anomalies.addAll(old.anomalies)
        }
        back.open()
        back
    }

    def <T> T db(Closure<T> work) {
        nodeA.bean(TransactionOperations).executeRead { work(nodeA.bean(JdbcOperations)) }
    }

    long committedSeq() {
        db { JdbcOperations jdbc ->
            jdbc.prepareStatement('SELECT last_seq FROM stream WHERE id = ?') { ps ->
                ps.setString(1, STREAM); def rs = ps.executeQuery(); rs.next(); rs.getLong(1)
            }
        } as long
    }

    List<Map> storedEvents(long after) {
        db { JdbcOperations jdbc ->
            jdbc.prepareStatement('SELECT payload::text FROM stream_event WHERE stream_id = ? AND seq > ? ORDER BY seq') { ps ->
                ps.setString(1, STREAM); ps.setLong(2, after)
                def rs = ps.executeQuery()
                def list = []
                while (rs.next()) {
                    list << new JsonSlurper().parseText(rs.getString(1))
                }
                list
            }
        } as List<Map>
    }

    /** body -> how many posts of the thread have it. */
    Map<String, Long> postsByBody(String threadId) {
        db { JdbcOperations jdbc ->
            jdbc.prepareStatement('SELECT body, count(*) FROM discussion_post WHERE thread_id = ?::uuid GROUP BY body') { ps ->
                ps.setString(1, threadId)
                def rs = ps.executeQuery()
                def map = [:]
                while (rs.next()) {
                    map[rs.getString(1)] = rs.getLong(2)
                }
                map
            }
        } as Map<String, Long>
    }

    /**
     * The answer to a request, or null when the socket closed without one. Frames are handed
     * to the listener in order and the close comes last, so once the socket is closed every
     * answer that arrived has been seen.
     */
    static Map answerOrNull(LiveClient c, String requestId) {
        long deadline = System.currentTimeMillis() + 10_000
        while (System.currentTimeMillis() < deadline) {
            boolean closed = c.closeCode != null
            def found = c.frames.find { it.requestId == requestId && it.type in ['ack', 'error'] }
            if (found || closed) {
                return found
            }
            Thread.sleep(2)
        }
        throw new AssertionError("no answer to ${requestId} within 10 s on a socket still open; last frames: ${c.frames.takeRight(3)}")
    }

    String postId(String threadId, String body) {
        db { JdbcOperations jdbc ->
            jdbc.prepareStatement('SELECT id::text FROM discussion_post WHERE thread_id = ?::uuid AND body = ?') { ps ->
                ps.setString(1, threadId); ps.setString(2, body)
                def rs = ps.executeQuery()
                rs.next() ? rs.getString(1) : null
            }
        } as String
    }

    /**
     * A TCP relay to node B that can stop passing on what B sends: with {@link #holding} set, a
     * command reaches B and commits, and its ack never reaches the client, the in-doubt case a
     * kill between commit and ack produces, made certain instead of left to timing.
     */
    static class ReplyHoldingRelay implements Closeable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.loopbackAddress)
        final int targetPort
        volatile boolean holding = false
        final List<Socket> sockets = new CopyOnWriteArrayList<>()

        ReplyHoldingRelay(int targetPort) {
            this.targetPort = targetPort
            Thread.startDaemon('relay-accept') {
                while (!server.closed) {
                    try {
                        Socket client = server.accept()
                        Socket upstream = new Socket(InetAddress.loopbackAddress, targetPort)
                        sockets << client << upstream
                        pump(client, upstream, false)
                        pump(upstream, client, true)
                    } catch (IOException ignored) {
                        // closed, or B is gone
                    }
                }
            }
        }

        private void pump(Socket from, Socket to, boolean fromNode) {
            Thread.startDaemon("relay-${fromNode ? 'from' : 'to'}-node") {
                byte[] buffer = new byte[8192]
                try {
                    int n
                    while ((n = from.inputStream.read(buffer)) >= 0) {
                        if (!(fromNode && holding)) {
                            to.outputStream.write(buffer, 0, n)
                            to.outputStream.flush()
                        }
                    }
                } catch (IOException ignored) {
                    // one side went away: close both, as a load balancer does
                } finally {
                    [from, to].each { try { it.close() } catch (IOException ignored) { } }
                }
            }
        }

        String getBaseUrl() { "http://127.0.0.1:${server.localPort}" }

        @Override
        void close() {
            server.close()
            sockets.each { try { it.close() } catch (IOException ignored) { } }
        }
    }

    def "a node killed with SIGKILL mid-stream loses no acknowledged post, duplicates none, and its clients resume on the other node"() {
        given: "an administrator, four writers and two readers"
        ApiClient admin = Accounts.administrator(nodeA)
        List<ApiClient> writers = (1..WRITERS).collect { Accounts.invited(nodeA, admin, 'member') }
        ApiClient readerOnA = Accounts.invited(nodeA, admin, 'member')
        ApiClient readerOnB = Accounts.invited(nodeA, admin, 'member')
        def start = live(nodeA.baseUrl, admin).command([type : 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                                        theme: 'vie-du-reseau', kind: 'discussion', title: 'Sous charge', body: 'On commence'])
        assert start.type == 'ack'
        String threadId = start.result.threadId
        long from = start.seq as long

        and: "a reader on each node, subscribed after the thread"
        def a = live(nodeA.baseUrl, readerOnA)
        def b = live(nodeBUrl, readerOnB)
        new PollingConditions(timeout: 5).eventually {
            assert b.frames.find { it.type == 'hello' }?.node == 'node-b'
        }
        assert a.answer(a.subscribe(STREAM, from)).type == 'ack'
        assert b.answer(b.subscribe(STREAM, from)).type == 'ack'

        and: "a second tab of the first writer on node B, behind a relay that will hold B's answers"
        def relay = new ReplyHoldingRelay(new URI(nodeBUrl).port)
        relays << relay
        def held = new LiveClient(relay.baseUrl, writers[0].cookie('maillage_session'))
        opened << held
        held.open(nodeBUrl)
        new PollingConditions(timeout: 5).eventually {
            assert held.frames.find { it.type == 'hello' }?.node == 'node-b'
        }

        and: "four writers on node B, about 50 replies a second in all"
        List<LiveClient> writerSockets = writers.collect { live(nodeBUrl, it) }
        def acked = new ConcurrentLinkedQueue<Map>()      // [w, frame, postId, seq]
        def inDoubt = new ConcurrentLinkedQueue<Map>()    // [w, frame]: sent, socket gone, no answer
        def failures = new ConcurrentLinkedQueue<Throwable>()

        when: "node B is killed while they write"
        List<Thread> threads = (0..<WRITERS).collect { int w ->
            Thread.start("writer-${w}") {
                try {
                    int n = 0
                    while (true) {
                        long began = System.currentTimeMillis()
                        Map frame = [type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: threadId, body: "w${w}-${n++}"]
                        String requestId
                        try {
                            requestId = writerSockets[w].send(frame)
                        } catch (Exception sendFailed) {
                            inDoubt << [w: w, frame: frame]  // part of it may have left before the socket broke
                            break
                        }
                        Map answer = answerOrNull(writerSockets[w], requestId)
                        if (answer == null) {
                            inDoubt << [w: w, frame: frame]
                            break
                        }
                        assert answer.type == 'ack': "${frame} answered ${answer}"
                        acked << [w: w, frame: frame, postId: answer.result.postId, seq: answer.seq as long]
                        long pause = PACE_MILLIS - (System.currentTimeMillis() - began)
                        if (pause > 0) {
                            Thread.sleep(pause)  // pacing the load, not waiting for a condition
                        }
                    }
                } catch (Throwable t) {
                    t.printStackTrace()
                    failures << t
                }
            }
        }
        // 4 writers pace about 50 posts/s: allow twice the time the count needs, at least 20 s.
        new PollingConditions(timeout: Math.max(20, ACKED_BEFORE_KILL.intdiv(25)), delay: 0.01).eventually {
            assert acked.size() >= ACKED_BEFORE_KILL || !failures.isEmpty() || !threads.any { it.alive }
        }
        relay.holding = true
        Map heldFrame = [type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: threadId, body: 'acquitté, jamais reçu']
        String heldRequest = held.send(heldFrame)
        new PollingConditions(timeout: 10, delay: 0.01).eventually {
            assert postsByBody(threadId)[heldFrame.body] == 1L
        }
        boolean allWritingAtKill = threads.every { it.alive }
        boolean died = nodeB.kill()
        threads*.join(15_000)
        int ackedBeforeKill = acked.size()
        new PollingConditions(timeout: 10).eventually {
            assert b.closeCode != null
            assert held.closeCode != null
        }
        relay.close()
        println "NodeKillSpec: ${ackedBeforeKill} replies acked on node B before SIGKILL (exit ${died ? nodeB.process.exitValue() : '?'}), " +
                "${inDoubt.size()} in doubt: ${inDoubt*.frame*.body}"

        and: "B's clients come back on A: the reader resumes from its last sequence, the writers retry what is in doubt, then write on"
        def bOnA = resume(b, nodeA.baseUrl)
        assert bOnA.answer(bOnA.subscribe(STREAM)).type == 'ack'
        List<LiveClient> writersOnA = writers.collect { live(nodeA.baseUrl, it) }
        Map<String, Long> beforeRetries = postsByBody(threadId)
        println "NodeKillSpec: of those in doubt, ${inDoubt.count { beforeRetries[it.frame.body] }} were committed on B before it died"
        String heldPostId = postId(threadId, heldFrame.body as String)
        Map heldRetry = writersOnA[0].command(heldFrame)
        List<Map> retried = inDoubt.collect { Map doubt ->
            Map answer = writersOnA[doubt.w as int].command(doubt.frame as Map)
            assert answer.type == 'ack': "retry of ${doubt.frame} answered ${answer}"
            [w: doubt.w, frame: doubt.frame, postId: answer.result.postId, seq: answer.seq as long]
        }
        List<Map> after = (0..9).collect { n ->
            Map frame = [type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: threadId, body: "après-${n}"]
            Map answer = writersOnA[n % WRITERS].command(frame)
            assert answer.type == 'ack': "${frame} answered ${answer}"
            [w: n % WRITERS, frame: frame, postId: answer.result.postId, seq: answer.seq as long]
        }

        then: "the command B committed without its ack getting out is answered by A with what B stored, and done once"
        !held.frames.any { it.requestId == heldRequest }
        heldPostId != null
        heldRetry.type == 'ack'
        heldRetry.result.postId == heldPostId

        and: "the writers were all writing when B died, and stopped because of the kill, not a failure"
        failures.isEmpty()
        allWritingAtKill
        died
        !threads.any { it.alive }
        ackedBeforeKill >= ACKED_BEFORE_KILL
        bOnA.frames.find { it.type == 'hello' }?.node == 'node-a'

        and: "every acknowledged or retried post exists exactly once, and no other post exists"
        List<Map> all = acked.toList() + retried + after + [[w: 0, frame: heldFrame, postId: heldRetry.result.postId, seq: heldRetry.seq as long]]
        Map<String, Long> byBody = postsByBody(threadId)
        all.every { byBody[it.frame.body] == 1L }
        byBody.keySet() == (all*.frame*.body + ['On commence']).toSet()
        byBody.values().every { it == 1L }
        all*.postId.toSet().size() == all.size()
        all*.seq.toSet().size() == all.size()

        and: "the stream has no hole and holds exactly these commands"
        long last = committedSeq()
        all*.seq.toSet() == ((from + 1)..last).toSet()

        and: "the reader that was on B, resumed on A, and the reader on A both end with exactly the stored events"
        new PollingConditions(timeout: 20).eventually {
            assert bOnA.lastSeq[STREAM] == last
            assert a.lastSeq[STREAM] == last
        }
        List<Map> stored = storedEvents(from)
        stored.size() == last - from
        bOnA.eventsOf(STREAM) == stored
        a.eventsOf(STREAM) == stored
        bOnA.anomalies.isEmpty()
        a.anomalies.isEmpty()
        !(bOnA.frames + b.frames + a.frames).any { it.type == 'resync' }

        and:
        markPassed()
    }
}
