package fr.maillage.fault

import fr.maillage.core.socket.Hub
import fr.maillage.support.FaultForm
import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import groovy.json.JsonOutput
import io.micronaut.data.jdbc.runtime.JdbcOperations
import io.micronaut.transaction.TransactionOperations
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * 10,000 generated frames (seeded; the seed is printed, MAILLAGE_FUZZ_SEED replays it) over a
 * few sockets: valid and broken JSON, real and made-up types, wrong field types, nulls,
 * unicode, strings up to and past the frame limit, deep nesting. Each frame gets at most one
 * answer, never an internal error; no socket is closed; afterwards every socket still answers
 * ping, threads and sockets return to the baseline, and every acknowledged command is stored.
 */
class ProtocolFuzzSpec extends Specification {
    static final String STREAM = 'theme:vie-du-reseau'
    /** 10,000 in the suite; 1,000,000 from infra/bench/faults.sh. */
    static final int FRAMES = FaultForm.count('frames', 10_000, 1_000_000)
    static final int SOCKETS = 4
    static final int MAX_FRAME = 16_384
    /** application.yml's io executor, LiveSocket's workers, Hub's pool. */
    static final Map<String, Integer> FIXED_POOLS = ['io-executor-thread-': 32, 'socket-worker-': 16,
                                                     'hub-': Math.max(4, Runtime.runtime.availableProcessors() * 2)]
    static final List<String> REAL_TYPES = ['ping', 'subscribe', 'unsubscribe', 'typing', 'discussion.create_thread',
                                            'discussion.reply', 'discussion.edit_post', 'discussion.react',
                                            'discussion.mark_solved', 'discussion.delete_post', 'discussion.moderate_thread']
    static final List<String> FIELDS = ['requestId', 'idempotencyKey', 'theme', 'kind', 'title', 'body', 'threadId', 'postId',
                                        'replyTo', 'mentions', 'emoji', 'active', 'pinned', 'locked', 'streams', 'stream', 'after']
    static final List<String> UNICODE = ['\u0000', 'é', 'ß', '€', '👍', '❤️', '🎉', 'عربى', '中文', '\u0301', '\u200b', '\ufeff', '\t', '\n', '"', '\\', '/', '<script>', '**gras**', '`code`']

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: ['maillage.live.frames-per-second': 100_000])
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    def member = Accounts.invited(app, admin, 'member')

    long seed = (System.getenv('MAILLAGE_FUZZ_SEED') ?: System.nanoTime().toString()) as long
    Random random = new Random(seed)
    String threadId
    String postId

    def "#FRAMES generated frames get at most one answer each and leave the server as it was"() {
        given: "a thread to aim at, a clean reader, and the baseline once the pools are warm"
        println "ProtocolFuzzSpec seed=${seed} (replay with MAILLAGE_FUZZ_SEED=${seed})"
        def hub = app.bean(Hub)
        def reader = LiveClient.connect(app.baseUrl, admin)
        def seed0 = reader.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                    theme: 'vie-du-reseau', kind: 'question', title: 'Fil du fuzz', body: 'premier'])
        assert seed0.type == 'ack'
        threadId = seed0.result.threadId
        postId = seed0.result.postId
        assert reader.answer(reader.subscribe(STREAM, 0)).type == 'ack'
        warmUp()
        int socketsBefore = hub.connectedSockets()
        Set<String> threadsBefore = serverThreads()

        when: "each socket sends its share of generated frames"
        def sockets = (1..SOCKETS).collect { LiveClient.connect(app.baseUrl, it % 2 ? admin : member) }
        Map<LiveClient, List<Map>> sent = sockets.collectEntries { [(it): []] }
        long started = System.nanoTime()
        def senders = sockets.withIndex().collect { LiveClient socket, int index ->
            def own = new Random(seed + index)
            Thread.start {
                for (int n = 0; n < FRAMES.intdiv(SOCKETS); n++) {
                    def frame = generate(own, "s${index}-${n}".toString())
                    sent[socket] << frame
                    socket.sendRaw(frame.text as String)
                    if (n % 500 == 499) {
                        // a light window: let the server answer before piling up more
                        waitFor(socket, sent[socket], 2_000)
                    }
                }
            }
        }
        senders*.join()
        sockets.each { waitFor(it, sent[it], 20_000) }
        println "ProtocolFuzzSpec: ${FRAMES} frames answered in ${(System.nanoTime() - started).intdiv(1_000_000)} ms"

        then: "no socket was closed and nothing was rate limited or failed inside"
        sockets.every { it.closeCode == null }
        def answers = sockets.collectMany { s -> s.frames.findAll { it.type in ['ack', 'pong', 'error'] } }
        answers.findAll { it.type == 'error' && it.problem.status >= 500 }.collect { it.problem } == []
        sockets.every { s ->
            // U+0000 cannot be stored: such commands are refused as invalid, never half-done
            Map<String, Map> byId = s.frames.findAll { it.type in ['ack', 'error'] && it.requestId }.collectEntries { [(it.requestId): it] }
            assert sent[s].findAll { it.id && it.text.contains('\\u0000') && !it.text.contains('\\\\u0000') && byId[it.id]?.type == 'ack' } == []
            true
        }
        !answers.find { it.type == 'error' && it.problem.type == '/problems/rate-limited' }

        and: "every frame with its own requestId got exactly one answer (typing: at most one), the others at most one in all"
        sockets.every { s ->
            Map<String, List> byId = s.frames.findAll { it.type in ['ack', 'pong', 'error'] }.groupBy { String.valueOf(it.requestId) }
            def ids = sent[s].findAll { it.id != null }*.id as Set
            assert sent[s].findAll { it.expectsAnswer && byId[it.id]?.size() != 1 }.collect { [it.id, it.text.take(200), byId[it.id]] } == []
            def twice = byId.findAll { k, v -> k != 'null' && v.size() > 1 }.keySet()
            assert sent[s].findAll { it.id in twice }.collect { [it.text.take(300), byId[it.id]] } == []
            assert (byId['null']?.size() ?: 0) <= sent[s].count { it.nullable }
            assert byId.keySet().findAll { it != 'null' } - ids == [] as Set
            true
        }

        when: "every socket is pinged, then closed"
        def pongs = sockets.collect { it.command([type: 'ping']) }
        sockets*.close()

        then:
        pongs*.type == ['pong'] * SOCKETS
        new PollingConditions(timeout: 10).eventually { assert hub.connectedSockets() == socketsBefore }
        new PollingConditions(timeout: 10, delay: 0.5).eventually {
            System.gc()
            def now = serverThreads()
            // the fixed pools start threads lazily up to their size: they may fill up, never pass it
            FIXED_POOLS.each { prefix, size -> assert now.count { it.startsWith(prefix) } <= size }
            // every other thread is back to the baseline (no thread per socket or per frame)
            def others = { Set<String> names -> names.findAll { n -> !FIXED_POOLS.keySet().any { n.startsWith(it) } } }
            assert others(now).size() <= others(threadsBefore).size() + 2: "new threads: ${others(now) - others(threadsBefore)}"
        }

        and: "every acknowledged command's effect is stored, and the stream has no hole"
        def acks = sockets.collectMany { s -> s.frames.findAll { it.type == 'ack' && it.result } }
        def postIds = acks.collect { it.result.postId }.findAll { it } as Set
        def threadIds = acks.collect { it.result.threadId }.findAll { it } as Set
        def stored = query('SELECT id::text FROM discussion_post') as Set
        def storedThreads = query('SELECT id::text FROM discussion_thread') as Set
        stored.containsAll(postIds)
        storedThreads.containsAll(threadIds)
        long last = query("SELECT last_seq FROM stream WHERE id = '${STREAM}'")[0] as long
        query("SELECT count(*) FROM stream_event WHERE stream_id = '${STREAM}'")[0] as long == last
        acks.findAll { it.seq != null }*.seq.every { (it as long) <= last }
        acks.findAll { it.seq != null }*.seq.toSet().size() == acks.count { it.seq != null }
        new PollingConditions(timeout: 10).eventually { assert reader.lastSeq[STREAM] == last }
        reader.anomalies.isEmpty()
        println "ProtocolFuzzSpec: ${acks.size()} commands acknowledged, ${postIds.size()} posts created, stream at ${last}"

        cleanup:
        reader?.close()
    }

    /**
     * The server's pools are fixed but start their threads lazily, one per task handed over
     * while below their size: answered frames, one at a time, bring them to full size first.
     */
    void warmUp() {
        def warm = (1..3).collect { LiveClient.connect(app.baseUrl, member) }
        24.times { n ->
            warm.each { c ->
                def answer = c.command(n % 4 ? [type: 'ping'] : [type: 'subscribe', streams: [[stream: STREAM, after: 0]]])
                assert answer.type in ['pong', 'ack']
            }
        }
        warm*.close()
        new PollingConditions(timeout: 10).eventually { assert app.bean(Hub).connectedSockets() == 1 }
        System.gc()
        Thread.sleep(300)
    }

    /** Threads of the server side: the test's own HTTP clients come and go with the garbage collector. */
    static Set<String> serverThreads() {
        Thread.getAllStackTraces().keySet().findAll { Thread t ->
            t.alive && !t.name.startsWith('HttpClient-') && !t.name.startsWith('ForkJoinPool') && !t.name.startsWith('Common-Cleaner')
        }.collect { "${it.name}#${it.id}".toString() } as Set
    }

    static void waitFor(LiveClient socket, List<Map> sent, long millis) {
        long deadline = System.currentTimeMillis() + millis
        def expected = sent.findAll { it.id != null && it.expectsAnswer }*.id as Set
        while (System.currentTimeMillis() < deadline) {
            def answered = socket.frames.findAll { it.type in ['ack', 'pong', 'error'] }*.requestId as Set
            if (answered.containsAll(expected)) {
                return
            }
            Thread.sleep(20)
        }
    }

    List query(String sql) {
        app.bean(TransactionOperations).executeRead {
            app.bean(JdbcOperations).prepareStatement(sql) { ps ->
                def rs = ps.executeQuery()
                def out = []
                while (rs.next()) {
                    out << rs.getObject(1)
                }
                out
            }
        } as List
    }

    // ---- the generator -----------------------------------------------------------------

    /**
     * One frame: its text; id, the requestId the server can echo (null if none); expectsAnswer,
     * whether exactly one answer is due; nullable, whether the answer may carry requestId null.
     */
    Map generate(Random r, String id) {
        int pick = r.nextInt(100)
        if (pick < 6) {
            // broken JSON: usually an error without requestId; a trailing brace may still be read
            return [text: brokenJson(r, id), id: id, expectsAnswer: false, nullable: true]
        }
        if (pick < 10) {
            return [text: pickOne(r, ['[]', '[1,2]', '42', '"ping"', 'null', 'true', '{}', '{"type":null}', '{"type":7}', '{"type":{"a":1}}', '']),
                    id: null, expectsAnswer: false, nullable: true]
        }
        if (pick < 12) {
            // past the frame limit: answered with requestId null
            return [text: JsonOutput.toJson([type: 'ping', requestId: id, pad: 'x' * (MAX_FRAME + r.nextInt(4_000))]), id: id, expectsAnswer: false, nullable: true]
        }
        if (pick < 14) {
            int depth = 50 + r.nextInt(5_000)
            String nested = ('[' * depth) + (']' * depth)
            return [text: '{"type":"ping","requestId":"' + id + '","deep":' + nested + '}', id: id, expectsAnswer: false, nullable: true]
        }
        if (pick < 17) {
            // almost the frame limit, still valid: a ping with padding gets its pong
            def text = JsonOutput.toJson([type: 'ping', requestId: id, pad: ''])
            return [text: text.replace('"pad":""', '"pad":"' + ('é' * ((MAX_FRAME - text.length() - 10) - r.nextInt(100))) + '"'), id: id, expectsAnswer: true, nullable: false]
        }
        Map frame = pick < 24 ? validCommand(r) : randomFrame(r)
        def requestIdChoice = r.nextInt(20)
        String named = id
        if (requestIdChoice == 0) {
            frame.remove('requestId'); named = null
        } else if (requestIdChoice == 1) {
            frame.requestId = r.nextInt(1000); named = null
        } else if (requestIdChoice == 2) {
            frame.requestId = 'r' * (65 + r.nextInt(100)); named = null
        } else if (requestIdChoice == 3) {
            frame.requestId = null; named = null
        } else {
            frame.requestId = id
        }
        String text = JsonOutput.toJson(frame)
        boolean tooLarge = text.length() > MAX_FRAME
        [text: text, id: named, expectsAnswer: named != null && !tooLarge && frame.type != 'typing', nullable: named == null || tooLarge]
    }

    /** A well-formed command a client could send, aimed at the real thread (some get acked). */
    Map validCommand(Random r) {
        switch (r.nextInt(6)) {
            case 0: return [type: 'discussion.reply', idempotencyKey: key(r), threadId: threadId, body: text(r, 1 + r.nextInt(300))]
            case 1: return [type: 'discussion.react', idempotencyKey: key(r), postId: postId, emoji: pickOne(r, ['👍', '❤️', '🎉', '🙏', '💡', '👀']), active: r.nextBoolean()]
            case 2: return [type: 'discussion.create_thread', idempotencyKey: key(r), theme: 'vie-du-reseau', kind: pickOne(r, ['discussion', 'question']),
                            title: 'Fuzz ' + text(r, 3 + r.nextInt(60)), body: text(r, 1 + r.nextInt(200))]
            case 3: return [type: 'subscribe', streams: [[stream: STREAM, after: r.nextInt(5)]]]
            case 4: return [type: 'typing', stream: STREAM, threadId: threadId]
            default: return [type: 'ping']
        }
    }

    /** Any type, real or not, with fields of any shape. */
    Map randomFrame(Random r) {
        Map frame = [type: r.nextInt(4) == 0 ? pickOne(r, ['teleport', 'PING', 'discussion.', 'discussion.nuke', '', ' ping', 'subscribe ', 'ack', 'event', 'hello', text(r, 10)]) : pickOne(r, REAL_TYPES)]
        int fields = r.nextInt(8)
        fields.times { frame[pickOne(r, FIELDS)] = value(r, 0) }
        if (r.nextInt(5) == 0) {
            frame[text(r, 1 + r.nextInt(20))] = value(r, 0)
        }
        frame
    }

    Object value(Random r, int depth) {
        switch (r.nextInt(depth > 3 ? 9 : 12)) {
            case 0: return null
            case 1: return r.nextInt()
            case 2: return r.nextLong()
            case 3: return r.nextDouble() * (r.nextBoolean() ? 1e300 : -1)
            case 4: return r.nextBoolean()
            case 5: return text(r, r.nextInt(40))
            case 6: return UUID.randomUUID().toString()
            case 7: return r.nextBoolean() ? threadId : postId
            case 8: return pickOne(r, ['theme:vie-du-reseau', 'theme:nope', 'secret:1', 'vie-du-reseau', '👍', '', ' '])
            case 9: return (0..<r.nextInt(4)).collect { value(r, depth + 1) }
            case 10: return (0..<r.nextInt(4)).collectEntries { [(pickOne(r, FIELDS)): value(r, depth + 1)] }
            default: return [[stream: pickOne(r, [STREAM, 'theme:nope', 'x' * 101, '']), after: value(r, depth + 1)]]
        }
    }

    String brokenJson(Random r, String id) {
        String valid = JsonOutput.toJson([type: 'discussion.reply', requestId: id, idempotencyKey: key(r), threadId: threadId, body: text(r, 30)])
        switch (r.nextInt(5)) {
            case 0: return valid.substring(0, r.nextInt(valid.length()))
            case 1: return valid.replace('"', "'")
            case 2: return valid + '}'
            case 3: return valid.replace(':', '')
            default:
                def bytes = new byte[r.nextInt(200)]
                r.nextBytes(bytes)
                return new String(bytes, 'ISO-8859-1')
        }
    }

    String text(Random r, int length) {
        def sb = new StringBuilder()
        while (sb.length() < length) {
            sb.append(r.nextInt(3) == 0 ? pickOne(r, UNICODE) : (char) (0x20 + r.nextInt(0x5e)))
        }
        sb.toString()
    }

    static String key(Random r) {
        new UUID(r.nextLong(), r.nextLong()).toString()
    }

    static <T> T pickOne(Random r, List<T> values) {
        values[r.nextInt(values.size())]
    }
}
