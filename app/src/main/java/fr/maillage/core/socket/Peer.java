package fr.maillage.core.socket;

import fr.maillage.core.security.Caller;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
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
    /** Refreshed before each command: same person and session, the role as it is now. */
    private volatile Caller caller;
    final String displayName;
    final Set<String> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastHeardNanos = System.nanoTime();
    private final int maxQueued;
    private final RateBucket rate;
    /** Null when Micronaut's channel is out of reach: frames then go through sendAsync. */
    private final Channel channel;
    final LoopWriter writer;
    /** Frames waiting for the next flush; touched only on the channel's event loop. */
    private final List<OutFrame> unflushed = new ArrayList<>();

    Peer(WebSocketSession session, Caller caller, String displayName, int maxQueued, RateBucket rate) {
        this.session = session;
        this.caller = caller;
        this.displayName = displayName;
        this.maxQueued = maxQueued;
        this.rate = rate;
        this.channel = NettySockets.channel(session).orElse(null);
        this.writer = channel == null ? null : NettySockets.writer(channel);
    }

    public String id() {
        return session.getId();
    }

    public Caller caller() {
        return caller;
    }

    void refresh(Caller current) {
        if (!current.sessionId().equals(caller.sessionId())) {
            throw new IllegalArgumentException("a socket keeps its session");
        }
        this.caller = current;
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
        send(OutFrame.of(frame));
    }

    void send(OutFrame frame) {
        if (writer != null) {
            writer.submit(frame, List.of(this));
            return;
        }
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            tooSlow();
            return;
        }
        try {
            session.sendAsync(frame.text).whenComplete((ok, error) -> queued.decrementAndGet());
        } catch (RuntimeException e) {
            queued.decrementAndGet();
        }
    }

    /**
     * On the event loop: writes the frame without flushing. False when the socket is closed,
     * or has just been closed because {@code maxQueued} frames were still unsent.
     */
    boolean writeOnLoop(OutFrame frame) {
        if (closed.get() || !channel.isActive()) {
            return false;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            tooSlow();
            return false;
        }
        unflushed.add(frame);
        return unflushed.size() == 1;
    }

    /**
     * On the event loop: writes the frames and flushes once. They count as sent when the last
     * one is (a socket completes its writes in order), so one listener serves the whole batch.
     */
    void flushOnLoop() {
        int frames = unflushed.size();
        if (frames == 0) {
            return;
        }
        for (int i = 0; i < frames - 1; i++) {
            channel.write(new TextWebSocketFrame(unflushed.get(i).content()), channel.voidPromise());
        }
        channel.writeAndFlush(new TextWebSocketFrame(unflushed.get(frames - 1).content()))
                .addListener(done -> queued.addAndGet(-frames));
        unflushed.clear();
    }

    private void tooSlow() {
        LOG.info("slow socket closed socketId={} userId={}", id(), caller.userId());
        close(SLOW);
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

    /** Closes once the frames already queued for this socket are written (an error frame first). */
    void closeAfterQueued(CloseReason reason, Runnable then) {
        Runnable close = () -> {
            close(reason);
            then.run();
        };
        if (channel != null) {
            // The loop runs its tasks in order: the writer's pending task, queued before, goes first.
            channel.eventLoop().execute(close);
        } else {
            close.run();
        }
    }

    boolean isClosed() {
        return closed.get() || !session.isOpen();
    }

    void markClosed() {
        closed.set(true);
    }
}
