package fr.maillage.core.socket;

import fr.maillage.core.security.Caller;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open socket as the hub sees it: who it is, what it subscribed to, and how many frames
 * are still queued for it. A peer that falls too far behind is closed so that it never slows
 * the others; it resumes from its last sequence on reconnect.
 */
public final class Peer {
    private static final Logger LOG = LoggerFactory.getLogger(Peer.class);
    static final CloseReason SLOW = new CloseReason(4008, "too slow, resume");

    final WebSocketSession session;
    final Caller caller;
    final String displayName;
    final Set<String> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastHeardNanos = System.nanoTime();
    private final int maxQueued;
    private final RateBucket rate;

    Peer(WebSocketSession session, Caller caller, String displayName, int maxQueued, RateBucket rate) {
        this.session = session;
        this.caller = caller;
        this.displayName = displayName;
        this.maxQueued = maxQueued;
        this.rate = rate;
    }

    public String id() {
        return session.getId();
    }

    public Caller caller() {
        return caller;
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long silentNanos() {
        return System.nanoTime() - lastHeardNanos;
    }

    boolean allowFrame() {
        return rate.tryTake();
    }

    void send(String frame) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            LOG.info("slow socket closed socketId={} userId={}", id(), caller.userId());
            close(SLOW);
            return;
        }
        try {
            session.sendAsync(frame).whenComplete((ok, error) -> queued.decrementAndGet());
        } catch (RuntimeException e) {
            queued.decrementAndGet();
        }
    }

    void close(CloseReason reason) {
        if (closed.compareAndSet(false, true)) {
            try {
                session.close(reason);
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    boolean isClosed() {
        return closed.get() || !session.isOpen();
    }

    void markClosed() {
        closed.set(true);
    }
}
