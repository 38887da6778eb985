package fr.maillage.core.socket;

import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PublicUrl;
import fr.maillage.core.security.SessionResolver;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live socket. Opening it needs a valid session cookie and our Origin; frames are JSON
 * text (docs/protocol.md). This first version greets and answers pings; live features add
 * their frames through the hub.
 */
@ServerWebSocket("/ws")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LiveSocket {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);
    static final int HEARTBEAT_SECONDS = 25;
    static final int MAX_FRAME_BYTES = 16 * 1024;

    private final SessionResolver sessions;
    private final PublicUrl publicUrl;
    private final JsonMapper json;
    private final NodeId nodeId;

    LiveSocket(SessionResolver sessions, PublicUrl publicUrl, JsonMapper json, NodeId nodeId) {
        this.sessions = sessions;
        this.publicUrl = publicUrl;
        this.json = json;
        this.nodeId = nodeId;
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        String origin = request.getHeaders().get("Origin");
        String host = request.getHeaders().get("Host");
        boolean sameOrigin = origin != null && (origin.equals(publicUrl.origin())
                || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))));
        Optional<Caller> caller = request.getCookies().findCookie(SessionResolver.COOKIE)
                .map(Cookie::getValue).flatMap(sessions::resolve);
        if (!sameOrigin || caller.isEmpty()) {
            LOG.info("socket refused sameOrigin={} authenticated={}", sameOrigin, caller.isPresent());
            session.close(new CloseReason(4401, sameOrigin ? "unauthenticated" : "origin"));
            return;
        }
        session.put(Caller.ATTRIBUTE, caller.get());
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "hello");
        hello.put("node", nodeId.value());
        hello.put("userId", caller.get().userId().toString());
        hello.put("heartbeatSeconds", HEARTBEAT_SECONDS);
        send(session, hello);
    }

    @OnMessage(maxPayloadLength = MAX_FRAME_BYTES)
    public void onMessage(String message, WebSocketSession session) {
        Map<String, Object> reply = new LinkedHashMap<>();
        String requestId = null;
        try {
            Map<?, ?> frame = json.readValue(message, Map.class);
            requestId = frame.get("requestId") instanceof String s ? s : null;
            if ("ping".equals(frame.get("type"))) {
                reply.put("type", "pong");
                reply.put("requestId", requestId);
                send(session, reply);
                return;
            }
            reply.putAll(error(requestId, "/problems/unknown-frame", "Unknown frame type"));
        } catch (IOException | RuntimeException e) {
            reply.putAll(error(requestId, "/problems/malformed-frame", "The frame is not a JSON object"));
        }
        send(session, reply);
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        LOG.debug("socket closed socketId={}", session.getId());
    }

    private static Map<String, Object> error(String requestId, String type, String title) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", 400);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("requestId", requestId);
        frame.put("problem", problem);
        return frame;
    }

    private void send(WebSocketSession session, Object frame) {
        try {
            session.sendSync(json.writeValueAsString(frame));
        } catch (IOException | RuntimeException e) {
            LOG.debug("socket send failed socketId={}", session.getId());
        }
    }
}
