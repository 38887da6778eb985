package fr.maillage.support

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

import java.net.http.HttpClient
import java.net.http.WebSocket
import java.time.Duration
import java.util.concurrent.CompletionStage
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

/**
 * A socket client as the web client behaves: it remembers the last sequence applied per
 * stream, drops nothing and applies each event once, and can resume after a disconnect.
 */
class LiveClient implements AutoCloseable {
    final String baseUrl
    final String sessionCookie
    final List<Map> frames = new CopyOnWriteArrayList<>()
    final Map<String, List<Map>> events = [:].asSynchronized()
    final Map<String, Long> lastSeq = [:].asSynchronized()
    final List<String> anomalies = new CopyOnWriteArrayList<>()
    volatile Integer closeCode
    private WebSocket socket
    private final AtomicInteger requests = new AtomicInteger()
    private final StringBuilder partial = new StringBuilder()

    LiveClient(String baseUrl, String sessionCookie) {
        this.baseUrl = baseUrl
        this.sessionCookie = sessionCookie
    }

    static LiveClient connect(String baseUrl, ApiClient signedIn, String origin = baseUrl) {
        def client = new LiveClient(baseUrl, signedIn.cookie('maillage_session'))
        client.open(origin)
        client
    }

    LiveClient open(String origin = baseUrl) {
        closeCode = null
        def builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .header('Origin', origin)
                .connectTimeout(Duration.ofSeconds(5))
        if (sessionCookie) {
            builder.header('Cookie', "maillage_session=${sessionCookie}")
        }
        socket = builder.buildAsync(URI.create(baseUrl.replaceFirst('^http', 'ws') + '/ws'), new WebSocket.Listener() {
            @Override
            CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data)
                if (last) {
                    receive(partial.toString())
                    partial.setLength(0)
                }
                ws.request(1)
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
        }).get(10, TimeUnit.SECONDS)
        this
    }

    private synchronized void receive(String text) {
        // a plain copy: JsonSlurper's lazy map is not safe to build from two threads (answer() polls it)
        Map frame = new LinkedHashMap(new JsonSlurper().parseText(text) as Map)
        frames << frame
        if (frame.type == 'event') {
            String stream = frame.stream
            long seq = frame.seq as long
            long last = lastSeq.getOrDefault(stream, -1L)
            if (last >= 0 && seq != last + 1) {
                anomalies << "stream ${stream}: got ${seq} after ${last}".toString()
            }
            if (seq > last) {
                lastSeq[stream] = seq
                events.computeIfAbsent(stream) { new CopyOnWriteArrayList<>() } << (frame.event as Map)
            }
        } else if (frame.type == 'resync') {
            lastSeq[frame.stream as String] = frame.seq as long
        }
    }

    String send(Map frame) {
        String requestId = frame.requestId ?: "r${requests.incrementAndGet()}"
        sendRaw(JsonOutput.toJson(frame + [requestId: requestId]))
        requestId
    }

    void sendRaw(String text) {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS)
    }

    /** Subscribes with the last sequence applied (or the given one). */
    String subscribe(String stream, Long after = null) {
        Long from = after != null ? after : lastSeq[stream]
        if (from != null && !lastSeq.containsKey(stream)) {
            lastSeq[stream] = from
        }
        send([type: 'subscribe', streams: [from == null ? [stream: stream] : [stream: stream, after: from]]])
    }

    Map answer(String requestId, long timeoutMillis = 10_000) {
        long deadline = System.currentTimeMillis() + timeoutMillis
        while (System.currentTimeMillis() < deadline) {
            def found = frames.find { it.requestId == requestId && it.type in ['ack', 'error', 'pong'] }
            if (found) {
                return found
            }
            Thread.sleep(5)
        }
        throw new AssertionError("no answer to ${requestId}; frames: ${frames.takeRight(5)}")
    }

    /** Sends a command and waits for its ack or error frame. */
    Map command(Map frame) {
        answer(send(frame))
    }

    List<Map> eventsOf(String stream) {
        events.getOrDefault(stream, [])
    }

    void drop() {
        socket?.abort()
    }

    @Override
    void close() {
        try {
            socket?.sendClose(WebSocket.NORMAL_CLOSURE, 'bye')?.get(2, TimeUnit.SECONDS)
        } catch (Exception ignored) {
            socket?.abort()
        }
    }
}
