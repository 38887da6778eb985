package fr.maillage.core.socket;

import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Netty channel behind a Micronaut socket, and one {@link LoopWriter} per event loop.
 * Micronaut keeps the channel private; without it (another Micronaut build), sockets fall
 * back to {@code sendAsync}, which is correct but slower.
 */
final class NettySockets {
    private static final Logger LOG = LoggerFactory.getLogger(NettySockets.class);
    private static final Field CHANNEL = channelField();
    private static final Map<EventLoop, LoopWriter> WRITERS = new ConcurrentHashMap<>();

    private NettySockets() {
    }

    static Optional<Channel> channel(WebSocketSession session) {
        if (CHANNEL == null || !CHANNEL.getDeclaringClass().isInstance(session)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((Channel) CHANNEL.get(session));
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }

    static LoopWriter writer(Channel channel) {
        return WRITERS.computeIfAbsent(channel.eventLoop(), LoopWriter::new);
    }

    private static Field channelField() {
        try {
            Field field = Class.forName("io.micronaut.http.netty.websocket.NettyWebSocketSession").getDeclaredField("channel");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("socket writes fall back to sendAsync error={}", e.getClass().getSimpleName());
            return null;
        }
    }
}
