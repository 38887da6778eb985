package fr.maillage.fault

import fr.maillage.core.socket.Hub
import fr.maillage.support.Accounts
import fr.maillage.support.LiveClient
import fr.maillage.support.TestApp
import groovy.json.JsonOutput
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.net.http.HttpClient
import java.net.http.WebSocket
import java.time.Duration
import java.util.concurrent.CompletionStage
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * A client that stops reading (a frozen tab, a dead phone on a live TCP connection) must not
 * slow anyone else: its frames pile up to maillage.live.max-queued-frames, then the server
 * closes it with 4008 while a normal reader of the same busy stream keeps getting every event.
 */
class SlowConsumerSpec extends Specification {
    static final String STREAM = 'theme:vie-du-reseau'
    static final int MAX_POSTS = 900
    static final String BODY = ('A long meeting report, paragraph after paragraph, line after line. ' * 250).substring(0, 15_000)

    @Shared
    @AutoCleanup
    TestApp app = TestApp.start(properties: ['maillage.live.max-queued-frames': 50, 'maillage.live.frames-per-second': 2000])
    @Shared
    def admin = Accounts.administrator(app)
    @Shared
    def member = Accounts.invited(app, admin, 'member')
    @Shared
    def sleeper = Accounts.invited(app, admin, 'member')
    List<AutoCloseable> opened = []

    def cleanup() {
        opened.reverse()*.close()
    }

    /** A raw socket that reads its greeting and the answer to its subscribe, then stops reading. */
    static class FrozenListener implements WebSocket.Listener {
        final AtomicInteger texts = new AtomicInteger()
        final AtomicInteger events = new AtomicInteger()
        final StringBuilder partial = new StringBuilder()
        volatile boolean subscribed
        volatile boolean awake
        volatile Integer closeCode

        @Override
        CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data)
            if (last) {
                String text = partial.toString()
                partial.setLength(0)
                texts.incrementAndGet()
                if (text.startsWith('{"type":"event"')) {
                    events.incrementAndGet()
                }
                if (text.contains('"requestId":"frozen-subscribe"')) {
                    subscribed = true
                }
            }
            if (!subscribed || awake) {
                ws.request(1)
            }
            null
        }

        @Override
        CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode = statusCode
            null
        }

        @Override
        void onError(WebSocket ws, Throwable error) {
            closeCode = closeCode ?: -1
        }
    }

    def "a socket that stops reading is closed with 4008 and the normal reader keeps up"() {
        given: "a writer, a normal reader and a frozen reader of the same stream"
        def hub = app.bean(Hub)
        def writer = LiveClient.connect(app.baseUrl, admin)
        def reader = LiveClient.connect(app.baseUrl, member)
        opened << writer << reader
        def thread = writer.command([type: 'discussion.create_thread', idempotencyKey: UUID.randomUUID().toString(),
                                     theme: 'vie-du-reseau', kind: 'discussion', title: 'Fil chargé', body: 'début'])
        assert reader.answer(reader.subscribe(STREAM, thread.seq as long)).type == 'ack'

        def frozen = new FrozenListener()
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header('Origin', app.baseUrl)
                .header('Cookie', "maillage_session=${sleeper.cookie('maillage_session')}")
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(app.baseUrl.replaceFirst('^http', 'ws') + '/ws'), frozen)
                .get(10, TimeUnit.SECONDS)
        opened << ({ socket.abort() } as AutoCloseable)
        socket.sendText(JsonOutput.toJson([type: 'subscribe', requestId: 'frozen-subscribe', streams: [[stream: STREAM]]]), true).get(5, TimeUnit.SECONDS)
        new PollingConditions(timeout: 5).eventually { assert frozen.subscribed }
        new PollingConditions(timeout: 5).eventually { assert hub.connectedSockets() == 3 }

        when: "the writer posts large replies until the frozen socket has been cut off (bounded)"
        List<Map> acks = []
        long started = System.nanoTime()
        while (acks.size() < MAX_POSTS && !hub.@peers.values().find { it.caller().userId().toString() == sleeperId() && it.isClosed() }) {
            def ack = writer.command([type: 'discussion.reply', idempotencyKey: UUID.randomUUID().toString(),
                                      threadId: thread.result.threadId, body: "${acks.size()} ${BODY}".toString()])
            assert ack.type == 'ack': ack.toString()
            acks << ack
        }
        long last = acks.last().seq as long
        println "SlowConsumerSpec: ${acks.size()} posts of ${BODY.length()} chars in ${(System.nanoTime() - started).intdiv(1_000_000)} ms; frozen socket read ${frozen.events.get()} events"

        then: "the server gave up on the frozen socket before the end of the bounded burst"
        hub.@peers.values().find { it.caller().userId().toString() == sleeperId() }?.isClosed()

        and: "the normal reader got every event, in order, and was never closed"
        new PollingConditions(timeout: 10).eventually { assert reader.lastSeq[STREAM] == last }
        reader.anomalies.isEmpty()
        reader.eventsOf(STREAM).size() == acks.size()
        reader.closeCode == null

        when: "the frozen client wakes up and reads what was queued for it"
        frozen.awake = true
        socket.request(Long.MAX_VALUE)

        then: "it finds the 4008 close after a truncated stream, and the hub forgets it"
        new PollingConditions(timeout: 15).eventually { assert frozen.closeCode == 4008 }
        frozen.events.get() < acks.size()
        new PollingConditions(timeout: 10).eventually { assert hub.connectedSockets() == 2 }
        writer.command([type: 'ping']).type == 'pong'
    }

    String sleeperId() {
        sleeperIdCache = sleeperIdCache ?: sleeper.get('/api/me').json.id
    }

    @Shared
    String sleeperIdCache
}
