package fr.maillage.discussion

import fr.maillage.support.Accounts
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

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A node dies like a process does (SIGKILL) while its clients are writing. Node A runs in this
 * JVM; node B is a separate JVM started from the same classpath and killed mid-stream. What
 * was acknowledged survives exactly once, retries of the in-doubt commands on A create nothing
 * twice, and readers on either node end with the stored stream, without a gap.
 */
class NodeKillSpec extends Specification {
    static final String STREAM = 'theme:vie-du-reseau'

    @Shared
    String prefix = TestServices.uniquePrefix()
    @Shared
    @AutoCleanup
    TestApp nodeA = TestApp.start(redis: true, redisPrefix: prefix, nodeId: 'node-a')
    @Shared
    Process nodeB
    @Shared
    File nodeBLog = File.createTempFile('maillage-node-b', '.log')
    @Shared
    String nodeBUrl
    @Shared
    Thread killer = new Thread({ nodeB?.destroyForcibly() } as Runnable)
    boolean passed = false
    List<LiveClient> opened = new CopyOnWriteArrayList<>()

    def setupSpec() {
        Runtime.runtime.addShutdownHook(killer)
        int port = TestApp.freePort()
        nodeBUrl = "http://localhost:${port}"
        String javaBin = new File(System.getProperty('java.home'), 'bin/java').absolutePath
        def builder = new ProcessBuilder(javaBin, '-Xmx384m', '-cp', System.getProperty('java.class.path'), 'fr.maillage.Application')
        builder.environment().putAll([
                MAILLAGE_DATABASE_URL     : nodeA.databaseUrl,
                MAILLAGE_DATABASE_USER    : TestServices.user(),
                MAILLAGE_DATABASE_PASSWORD: TestServices.password() ?: '',
                MAILLAGE_REDIS_URI        : TestServices.redisUri(),
                MAILLAGE_REDIS_PREFIX     : prefix,
                MAILLAGE_PORT             : port as String,
                MAILLAGE_PUBLIC_URL       : nodeBUrl,
                MAILLAGE_NODE_ID          : 'node-b',
                MAILLAGE_DATA_DIR         : File.createTempDir('maillage-node-b').absolutePath,
        ])
        builder.redirectErrorStream(true).redirectOutput(nodeBLog)
        nodeB = builder.start()
        def http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
        new PollingConditions(timeout: 90, delay: 0.5).eventually {
            assert nodeB.alive: "node B exited with ${nodeB.exitValue()}:\n${tail()}"
            assert liveness(http) == 200
        }
    }

    int liveness(HttpClient http) {
        try {
            http.send(HttpRequest.newBuilder(URI.create("${nodeBUrl}/health/liveness")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()
        } catch (IOException ignored) {
            -1
        }
    }

    def cleanup() {
        opened.each { c ->
            try { c.close() } catch (Exception ignored) { }
        }
        if (!passed) {
            println "---- node B, last log lines ----\n${tail()}"
        }
    }

    def cleanupSpec() {
        nodeB?.destroyForcibly()
        nodeB?.waitFor()
        try { Runtime.runtime.removeShutdownHook(killer) } catch (IllegalStateException ignored) { }
    }

    String tail(int lines = 60) {
        nodeBLog.exists() ? nodeBLog.readLines().takeRight(lines).join('\n') : '(no log)'
    }

    boolean markPassed() {
        passed = true
    }

    LiveClient live(String baseUrl, ApiClient who) {
        def c = new LiveClient(baseUrl, who.cookie('maillage_session'))
        opened << c
        c.open()
        c
    }

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

    /** The answer to a request, or null once node B is dead and none came. */
    static Map answerOrNull(LiveClient c, String requestId, Process node) {
        long deadline = System.currentTimeMillis() + 10_000
        while (System.currentTimeMillis() < deadline) {
            def found = c.frames.find { it.requestId == requestId && it.type in ['ack', 'error'] }
            if (found) {
                return found
            }
            if (!node.alive) {
                // a last look: the ack may have landed just before the process died
                return c.frames.find { it.requestId == requestId && it.type in ['ack', 'error'] }
            }
            Thread.sleep(2)
        }
        throw new AssertionError("no answer to ${requestId} while node B is alive")
    }

    def "a node killed with SIGKILL mid-stream loses no acknowledged post, duplicates none, and its clients resume on the other node"() {
        given: "an administrator, two writers and two readers"
        ApiClient admin = Accounts.administrator(nodeA)
        List<ApiClient> writers = (1..2).collect { Accounts.invited(nodeA, admin, 'member') }
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

        and: "two writers on node B posting about 25 replies a second each"
        List<LiveClient> writerSockets = writers.collect { live(nodeBUrl, it) }
        def acked = new ConcurrentLinkedQueue<Map>()      // [body, key, postId, frame]
        def inDoubt = new ConcurrentLinkedQueue<Map>()    // frames sent without an answer
        def failures = new ConcurrentLinkedQueue<Throwable>()

        when:
        List<Thread> threads = (0..1).collect { int w ->
            Thread.start("writer-${w}") {
                try {
                    int n = 0
                    while (nodeB.alive) {
                        long began = System.currentTimeMillis()
                        Map frame = [type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: threadId, body: "w${w}-${n++}"]
                        String requestId
                        try {
                            requestId = writerSockets[w].send(frame)
                        } catch (Exception sendFailed) {
                            inDoubt << frame  // the frame may have left before the socket broke
                            break
                        }
                        Map answer = answerOrNull(writerSockets[w], requestId, nodeB)
                        if (answer == null) {
                            inDoubt << frame
                            break
                        }
                        assert answer.type == 'ack': "${frame} answered ${answer}"
                        acked << [frame: frame, postId: answer.result.postId, seq: answer.seq]
                        long pause = 40 - (System.currentTimeMillis() - began)
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
        new PollingConditions(timeout: 20).eventually { assert acked.size() >= 100 }
        nodeB.destroyForcibly()
        assert nodeB.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)
        threads*.join(15_000)
        int ackedBeforeKill = acked.size()
        println "NodeKillSpec: ${ackedBeforeKill} replies acked on node B before SIGKILL, ${inDoubt.size()} in doubt"

        and: "B's clients come back on A: the reader resumes from its last sequence, the writers retry what is in doubt, then write on"
        def bOnA = resume(b, nodeA.baseUrl)
        assert bOnA.answer(bOnA.subscribe(STREAM)).type == 'ack'
        List<LiveClient> writersOnA = writers.collect { live(nodeA.baseUrl, it) }
        List<Map> retried = inDoubt.collect { Map frame ->
            int w = frame.body.startsWith('w0') ? 0 : 1
            Map answer = writersOnA[w].command(frame)
            assert answer.type == 'ack': "retry of ${frame} answered ${answer}"
            [frame: frame, postId: answer.result.postId, seq: answer.seq]
        }
        List<Map> after = (0..9).collect { n ->
            Map frame = [type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(), threadId: threadId, body: "après-${n}"]
            Map answer = writersOnA[n % 2].command(frame)
            assert answer.type == 'ack'
            [frame: frame, postId: answer.result.postId, seq: answer.seq]
        }

        then: "the writers stopped because of the kill, not a failure"
        failures.isEmpty()
        !threads.any { it.alive }
        ackedBeforeKill >= 100

        and: "every acknowledged or retried post exists exactly once, and no other post exists"
        List<Map> all = acked.toList() + retried + after
        Map<String, Long> byBody = postsByBody(threadId)
        all.every { byBody[it.frame.body] == 1L }
        byBody.keySet() == (all*.frame*.body + ['On commence']).toSet()
        byBody.values().every { it == 1L }
        all*.postId.toSet().size() == all.size()
        all*.seq.toSet().size() == all.size()

        and: "the stream has no hole and holds exactly these commands"
        long last = committedSeq()
        all*.seq.collect { it as long }.toSet() == ((from + 1)..last).toSet()

        and: "the reader that was on B, resumed on A, and the reader on A both end with exactly the stored events"
        new PollingConditions(timeout: 20).eventually {
            assert bOnA.lastSeq[STREAM] == last
            assert a.lastSeq[STREAM] == last
        }
        List<Map> stored = storedEvents(from)
        bOnA.eventsOf(STREAM) == stored
        a.eventsOf(STREAM) == stored
        bOnA.anomalies.isEmpty()
        a.anomalies.isEmpty()
        !(bOnA.frames + b.frames + a.frames).any { it.type == 'resync' }
        markPassed()
    }
}
