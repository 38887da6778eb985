package fr.maillage.core.socket;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Frames for the sockets of one Netty event loop. Writers anywhere queue (frame, sockets)
 * here; one task on the loop writes everything queued and then flushes each socket once.
 * Compared with one writeAndFlush per socket and frame from the hub's threads this saves a
 * cross-thread task, a promise and a future per delivery, and under load it turns several
 * frames for a socket into one system call (docs/performance.md). Every frame of a socket
 * passes through this one FIFO queue, so a socket's frames keep the order they were sent in.
 */
final class LoopWriter implements Runnable {
    /** Batches written per task before the loop gets back to its sockets' I/O. */
    private static final int BUDGET = 64;

    private final EventLoop loop;
    private final Queue<Batch> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<Peer> dirty = new ArrayList<>(); // touched only on the loop

    private record Batch(OutFrame frame, List<Peer> peers) {
    }

    LoopWriter(EventLoop loop) {
        this.loop = loop;
    }

    void submit(OutFrame frame, List<Peer> peers) {
        queue.add(new Batch(frame, peers));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        try {
            Batch batch;
            int budget = BUDGET;
            while (budget-- > 0 && (batch = queue.poll()) != null) {
                for (Peer peer : batch.peers()) {
                    if (peer.writeOnLoop(batch.frame())) {
                        dirty.add(peer);
                    }
                }
            }
        } finally {
            for (Peer peer : dirty) {
                peer.flushOnLoop();
            }
            dirty.clear();
            if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
                loop.execute(this);
            }
        }
    }
}
