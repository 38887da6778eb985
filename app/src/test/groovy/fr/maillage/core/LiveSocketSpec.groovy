package fr.maillage.core

import fr.maillage.support.Accounts
import fr.maillage.support.ApiClient
import fr.maillage.support.TestApp
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import java.net.http.HttpClient
import java.net.http.WebSocket
import java.time.Duration
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.TimeUnit

class LiveSocketSpec extends Specification {
    @Shared
    @AutoCleanup
    TestApp app = TestApp.start()
    PollingConditions conditions = new PollingConditions(timeout: 10)
    List<Socket> opened = []

    def cleanup() {
        opened.each { it.abort() }
    }

    def "a signed-in person is greeted with a hello naming them"() {
        given:
        def admin = Accounts.administrator(app)
        String userId = admin.get('/api/me').json.id

        when:
        def socket = open(admin, app.baseUrl)

        then:
        conditions.eventually {
            assert socket.frames.size() >= 1
        }
        socket.frames[0].type == 'hello'
        socket.frames[0].userId == userId
        socket.frames[0].node
        socket.frames[0].heartbeatSeconds > 0
        socket.closeCode == null
    }

    def "a ping is answered with a pong carrying its request id"() {
        given:
        def socket = helloed(Accounts.administrator(app))

        when:
        socket.send([type: 'ping', requestId: 'r1'])

        then:
        conditions.eventually {
            assert socket.frames.find { it.type == 'pong' }?.requestId == 'r1'
        }
    }

    def "a frame that is not JSON gets an error frame with a problem"() {
        given:
        def socket = helloed(Accounts.administrator(app))

        when:
        socket.sendText('this is { not json')

        then:
        conditions.eventually {
            def error = socket.frames.find { it.type == 'error' }
            assert error
            assert error.problem.type
            assert error.problem.status == 400
        }
        socket.closeCode == null
    }

    def "an unknown frame type gets an error naming its request id"() {
        given:
        def socket = helloed(Accounts.administrator(app))

        when:
        socket.send([type: 'teleport', requestId: 'r9'])

        then:
        conditions.eventually {
            def error = socket.frames.find { it.type == 'error' }
            assert error?.requestId == 'r9'
            assert error.problem.type
        }

        when: "the socket still works afterwards"
        socket.send([type: 'ping', requestId: 'r10'])

        then:
        conditions.eventually {
            assert socket.frames.find { it.type == 'pong' }?.requestId == 'r10'
        }
    }

    def "a socket is refused when #what"() {
        given:
        def admin = Accounts.administrator(app)
        def client = signedIn ? admin : app.client().primed()

        when:
        def socket = open(client, origin == 'ours' ? app.baseUrl : origin)

        then:
        conditions.eventually {
            assert socket.refused || socket.closeCode != null
        }
        socket.refused || socket.closeCode == 4401
        socket.frames.every { it.type != 'hello' }

        where:
        what                     | signedIn | origin
        'no one is signed in'    | false    | 'ours'
        'the origin is foreign'  | true     | 'https://evil.example'
        'the origin is missing'  | true     | null
    }

    def "a session signed out elsewhere cannot open a socket"() {
        given:
        def admin = Accounts.administrator(app)
        def stale = admin.switchTo(app.baseUrl)
        assert admin.delete('/api/session').status == 204

        when:
        def socket = open(stale, app.baseUrl)

        then:
        conditions.eventually {
            assert socket.refused || socket.closeCode == 4401
        }
    }

    private Socket helloed(ApiClient client) {
        def socket = open(client, app.baseUrl)
        conditions.eventually {
            assert socket.frames.any { it.type == 'hello' }
        }
        socket
    }

    private Socket open(ApiClient client, String origin) {
        def socket = new Socket()
        def builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        String session = client.cookie('maillage_session')
        if (session) {
            builder.header('Cookie', "maillage_session=${session}")
        }
        if (origin) {
            builder.header('Origin', origin)
        }
        try {
            socket.ws = builder.buildAsync(URI.create(app.baseUrl.replace('http://', 'ws://') + '/ws'), socket).get(10, TimeUnit.SECONDS)
        } catch (Exception e) {
            socket.refused = true
        }
        opened << socket
        socket
    }

    static class Socket implements WebSocket.Listener {
        WebSocket ws
        volatile boolean refused = false
        volatile Integer closeCode = null
        final List<Map> frames = new CopyOnWriteArrayList<>()
        private final StringBuilder partial = new StringBuilder()

        void send(Map frame) { sendText(JsonOutput.toJson(frame)) }

        void sendText(String text) { ws.sendText(text, true).get(5, TimeUnit.SECONDS) }

        void abort() { ws?.abort() }

        @Override
        CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data)
            if (last) {
                frames << (new JsonSlurper().parseText(partial.toString()) as Map)
                partial.setLength(0)
            }
            webSocket.request(1)
            null
        }

        @Override
        CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode
            null
        }

        @Override
        void onError(WebSocket webSocket, Throwable error) {
            if (closeCode == null) {
                refused = true
            }
        }
    }
}
