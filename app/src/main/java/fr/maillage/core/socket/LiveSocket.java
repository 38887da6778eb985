package fr.maillage.core.socket;

import fr.maillage.core.error.Problem;
import fr.maillage.core.error.ProblemException;
import fr.maillage.core.error.ProblemType;
import fr.maillage.core.security.Caller;
import fr.maillage.core.security.PersonNames;
import fr.maillage.core.security.PublicUrl;
import fr.maillage.core.security.SessionResolver;
import fr.maillage.core.socket.SocketCommandHandler.CommandResult;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.json.JsonMapper;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The live socket (docs/protocol.md). Opening needs a valid session cookie and our Origin.
 * Every frame gets an answer naming its requestId: ack, pong, or an error frame with the
 * same problem body as HTTP. Nothing a client sends can close the server or another socket.
 */
@ServerWebSocket("/ws")
@io.micronaut.scheduling.annotation.ExecuteOn(LiveSocket.INBOX_EXECUTOR)
public class LiveSocket {
    /**
     * One thread, FIFO: Micronaut hands it each socket's callbacks in arrival order, and they
     * only enqueue into the socket's inbox, so open always precedes the socket's frames and
     * frames keep their order (the server's thread selection would otherwise pick any pool thread).
     */
    public static final String INBOX_EXECUTOR = "socket-inbox";
    private static final Logger LOG = LoggerFactory.getLogger(LiveSocket.class);
    static final int HEARTBEAT_SECONDS = 25;
    static final int MAX_STREAMS_PER_SUBSCRIBE = 200;
    // Netty's own hard ceiling; frames between maxFrameBytes and this get an error frame.
    static final int TRANSPORT_MAX_FRAME = 1024 * 1024;

    private final SessionResolver sessions;
    private final PublicUrl publicUrl;
    private final JsonMapper json;
    private final NodeId nodeId;
    private final Hub hub;
    private final LiveConfig config;
    private final Validator validator;
    private final PersonNames names;
    private final Map<String, SocketCommandHandler<?>> handlers;
    // Each socket's frames are handled one at a time, in arrival order, off the event loop:
    // the Netty handlers below only enqueue (they run in order on the socket's event loop).
    private final Map<String, SerialExecutor> inboxes = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService workers;
    // Signing a socket in has its own threads: when a busy theme's commands occupy every worker
    // (each waiting for the stream row), new sockets still open (docs/performance.md).
    private final java.util.concurrent.ExecutorService openers;

    LiveSocket(SessionResolver sessions, PublicUrl publicUrl, JsonMapper json, NodeId nodeId, Hub hub, LiveConfig config,
               Validator validator, PersonNames names, List<SocketCommandHandler<?>> handlers) {
        this.sessions = sessions;
        this.publicUrl = publicUrl;
        this.json = json;
        this.nodeId = nodeId;
        this.hub = hub;
        this.config = config;
        this.validator = validator;
        this.names = names;
        this.handlers = handlers.stream().collect(Collectors.toMap(SocketCommandHandler::type, Function.identity()));
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        this.workers = java.util.concurrent.Executors.newFixedThreadPool(config.socketWorkers(), r -> {
            Thread t = new Thread(r, "socket-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.atomic.AtomicInteger o = new java.util.concurrent.atomic.AtomicInteger();
        this.openers = java.util.concurrent.Executors.newFixedThreadPool(config.socketOpeners(), r -> {
            Thread t = new Thread(r, "socket-opener-" + o.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @jakarta.annotation.PreDestroy
    void shutdown() {
        workers.shutdownNow();
        openers.shutdownNow();
    }

    /** Every frame type a client may send; ProtocolDocSpec checks each is documented. */
    public Set<String> clientFrameTypes() {
        Set<String> types = new java.util.TreeSet<>(Set.of("ping", "subscribe", "unsubscribe", "typing"));
        types.addAll(handlers.keySet());
        return types;
    }

    @OnOpen
    public void onOpen(WebSocketSession session, HttpRequest<?> request) {
        String origin = request.getHeaders().get("Origin");
        String host = request.getHeaders().get("Host");
        boolean sameOrigin = origin != null && (origin.equals(publicUrl.origin())
                || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))));
        Optional<String> cookie = request.getCookies().findCookie(SessionResolver.COOKIE).map(Cookie::getValue);
        SerialExecutor inbox = new SerialExecutor(openers);
        inboxes.put(session.getId(), inbox);
        inbox.execute(() -> {
            try {
                open(session, sameOrigin, cookie);
            } finally {
                inbox.usePool(workers);
            }
        });
    }

    private void open(WebSocketSession session, boolean sameOrigin, Optional<String> cookie) {
        Optional<Caller> caller = cookie.flatMap(sessions::resolve);
        if (!sameOrigin || caller.isEmpty()) {
            LOG.info("socket refused sameOrigin={} authenticated={}", sameOrigin, caller.isPresent());
            session.close(new CloseReason(4401, sameOrigin ? "unauthenticated" : "origin"));
            return;
        }
        Peer peer = new Peer(session, caller.get(), names.displayName(caller.get().userId()), config.maxQueuedFrames(),
                new RateBucket(config.framesPerSecond(), config.framesPerSecond() * 2.0));
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "hello");
        hello.put("node", nodeId.value());
        hello.put("userId", caller.get().userId().toString());
        hello.put("heartbeatSeconds", HEARTBEAT_SECONDS);
        peer.send(hub.frame(hello));
        // The socket's later frames wait in its inbox until this task ends, so registering
        // after the greeting keeps hello first without racing the client's first command.
        hub.register(peer);

    }

    @OnMessage(maxPayloadLength = TRANSPORT_MAX_FRAME)
    public void onMessage(String message, WebSocketSession session) {
        SerialExecutor inbox = inboxes.get(session.getId());
        if (inbox != null) {
            inbox.execute(() -> handle(message, session));
        } else {
            LOG.warn("socket frame before open socketId={}", session.getId());
        }
    }

    private void handle(String message, WebSocketSession session) {
        Peer peer = hub.peer(session.getId());
        if (peer == null) {
            return;
        }
        peer.heard();
        String requestId = null;
        try {
            if (!peer.allowFrame()) {
                throw new FrameProblem("/problems/rate-limited", "Too many frames", 429,
                        "At most " + config.framesPerSecond() + " frames per second");
            }
            if (message.length() > config.maxFrameBytes()) {
                throw new FrameProblem("/problems/frame-too-large", "Frame too large", 413,
                        "Frames are limited to " + config.maxFrameBytes() + " bytes");
            }
            Map<?, ?> frame = readObject(message);
            Object rid = frame.get("requestId");
            if (rid instanceof String s && s.length() <= 64) {
                requestId = s;
            }
            String type = frame.get("type") instanceof String t ? t : null;
            if (type == null) {
                throw new FrameProblem("/problems/malformed-frame", "Malformed frame", 400, "A frame needs a type");
            }
            String nulField = nulField(frame);
            if (nulField != null) {
                // PostgreSQL text cannot hold U+0000: refuse it here rather than fail in the database
                throw ProblemException.invalid(nulField, "must not contain the NUL character");
            }
            if (!"ping".equals(type) && !stillSignedIn(peer)) {
                sendError(peer, requestId, Problem.of(ProblemType.UNAUTHENTICATED, "Your session has ended; sign in again"));
                hub.signOut(peer);
                return;
            }
            dispatch(peer, type, requestId, frame, message);
        } catch (FrameProblem e) {
            sendError(peer, requestId, e.problem);
        } catch (ProblemException e) {
            sendError(peer, requestId, e.problem());
        } catch (RuntimeException e) {
            String errorId = java.util.UUID.randomUUID().toString();
            LOG.error("socket frame failed errorId={} socketId={}", errorId, session.getId(), e);
            sendError(peer, requestId, new Problem(ProblemType.INTERNAL.uri(), ProblemType.INTERNAL.title(), 500,
                    "Quote this error id to an administrator: " + errorId, null, null, null, errorId));
        }
    }

    /**
     * Whether the socket's session is still open, refreshing the caller's role from the
     * database: a command is judged by who the person is now, not when the socket opened.
     */
    private boolean stillSignedIn(Peer peer) {
        Optional<Caller> current = sessions.current(peer.caller().sessionId());
        current.ifPresent(peer::refresh);
        return current.isPresent();
    }

    private void dispatch(Peer peer, String type, String requestId, Map<?, ?> frame, String raw) {
        switch (type) {
            case "ping" -> peer.send(hub.frame(withRequestId(Map.of("type", "pong"), requestId)));
            case "subscribe" -> subscribe(peer, requestId, frame);
            case "unsubscribe" -> {
                for (Object s : list(frame.get("streams"))) {
                    if (s instanceof String stream) {
                        hub.unsubscribe(peer, stream);
                    }
                }
                peer.send(hub.frame(withRequestId(Map.of("type", "ack"), requestId)));
            }
            case "typing" -> typing(peer, frame);
            default -> command(peer, type, requestId, raw);
        }
    }

    private void subscribe(Peer peer, String requestId, Map<?, ?> frame) {
        List<?> entries = list(frame.get("streams"));
        if (entries.isEmpty() || entries.size() > MAX_STREAMS_PER_SUBSCRIBE) {
            throw ProblemException.invalid("streams", "give 1 to " + MAX_STREAMS_PER_SUBSCRIBE + " streams");
        }
        Map<String, Long> wanted = new LinkedHashMap<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> m) || !(m.get("stream") instanceof String stream) || stream.length() > 100) {
                throw ProblemException.invalid("streams", "each entry needs a stream name");
            }
            Object after = m.get("after");
            if (after != null && !(after instanceof Number n && n.longValue() >= 0)) {
                throw ProblemException.invalid("after", "must be a sequence number, 0 or more");
            }
            wanted.put(stream, after == null ? null : ((Number) after).longValue());
        }
        for (String stream : wanted.keySet()) {
            if (!hub.canRead(peer.caller().userId(), stream)) {
                throw ProblemException.notFound();
            }
        }
        // Answer first, so the client knows the events that follow belong to this subscription.
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("type", "ack");
        ack.put("requestId", requestId);
        peer.send(hub.frame(ack));
        wanted.forEach((stream, after) -> hub.subscribe(peer, stream, after));
    }

    private void typing(Peer peer, Map<?, ?> frame) {
        if (!(frame.get("stream") instanceof String stream) || !peer.streams.contains(stream)) {
            throw ProblemException.notFound();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "typing");
        out.put("stream", stream);
        out.put("threadId", frame.get("threadId") instanceof String t && t.length() <= 64 ? t : null);
        out.put("userId", peer.caller().userId().toString());
        out.put("displayName", peer.displayName);
        hub.publishEphemeral(stream, out);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void command(Peer peer, String type, String requestId, String raw) {
        SocketCommandHandler handler = handlers.get(type);
        if (handler == null) {
            throw new FrameProblem("/problems/unknown-frame", "Unknown frame type", 400, "No frame of type " + type);
        }
        if (requestId == null) {
            throw ProblemException.invalid("requestId", "commands need a requestId of at most 64 characters");
        }
        Object command;
        try {
            command = json.readValue(raw, handler.frameType());
        } catch (IOException | RuntimeException e) {
            throw new FrameProblem("/problems/malformed-frame", "Malformed frame", 400, "The fields of " + type + " have the wrong shape");
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(command);
        if (!violations.isEmpty()) {
            List<Problem.Violation> list = new ArrayList<>();
            for (ConstraintViolation<Object> v : violations) {
                list.add(new Problem.Violation(v.getPropertyPath().toString().replaceAll(".*\\.", ""), v.getMessage()));
            }
            list.sort(Comparator.comparing(Problem.Violation::field));
            throw ProblemException.invalid(list);
        }
        CommandResult result = handler.handle(peer.caller(), command);
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("type", "ack");
        ack.put("requestId", requestId);
        if (result.seq() != null) {
            ack.put("seq", result.seq());
        }
        if (result.result() != null) {
            ack.put("result", result.result());
        }
        peer.send(hub.frame(ack));
    }

    @OnClose
    public void onClose(WebSocketSession session) {
        SerialExecutor inbox = inboxes.remove(session.getId());
        Runnable close = () -> {
            Peer peer = hub.peer(session.getId());
            if (peer != null) {
                hub.unregister(peer);
            }
        };
        if (inbox != null) {
            inbox.execute(close);
        } else {
            close.run();
        }
    }

    @OnError
    public void onError(WebSocketSession session, Throwable error) {
        LOG.debug("socket error socketId={} error={}", session.getId(), error.getClass().getSimpleName());
    }

    private Map<?, ?> readObject(String message) {
        try {
            Object value = json.readValue(message, Object.class);
            if (value instanceof Map<?, ?> map) {
                return map;
            }
        } catch (IOException | RuntimeException ignored) {
            // answered below
        }
        throw new FrameProblem("/problems/malformed-frame", "Malformed frame", 400, "The frame is not a JSON object");
    }

    /** The top-level field whose value (or key, at any depth) contains U+0000, or null. */
    private static String nulField(Map<?, ?> frame) {
        for (Map.Entry<?, ?> entry : frame.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.indexOf('\u0000') >= 0 || hasNul(entry.getValue())) {
                return key.replace("\u0000", "");
            }
        }
        return null;
    }

    private static boolean hasNul(Object value) {
        if (value instanceof String s) {
            return s.indexOf('\u0000') >= 0;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (hasNul(entry.getKey()) || hasNul(entry.getValue())) {
                    return true;
                }
            }
        }
        if (value instanceof List<?> l) {
            for (Object item : l) {
                if (hasNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static Map<String, Object> withRequestId(Map<String, Object> frame, String requestId) {
        Map<String, Object> out = new LinkedHashMap<>(frame);
        out.put("requestId", requestId);
        return out;
    }

    private void sendError(Peer peer, String requestId, Problem problem) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("requestId", requestId);
        frame.put("problem", problem);
        peer.send(hub.frame(frame));
    }

    /** A socket-only problem type (not an HTTP one). */
    private static final class FrameProblem extends RuntimeException {
        final Problem problem;

        FrameProblem(String type, String title, int status, String detail) {
            super(type, null, false, false);
            this.problem = new Problem(type, title, status, detail, null, null, null, null);
        }
    }
}
