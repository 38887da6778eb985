package fr.maillage.core.socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs tasks one at a time, in submission order, on a shared pool: a stream's single owner. */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Executor pool;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** Runs the tasks still queued, and later ones, on another pool, still one at a time and in order. */
    void usePool(Executor next) {
        this.pool = next;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (!tasks.isEmpty() && running.compareAndSet(false, true)) {
            Executor on = pool;
            on.execute(() -> drain(on));
        }
    }

    private void drain(Executor on) {
        try {
            Runnable task;
            int budget = 256; // yield the pool thread now and then so one busy stream cannot hog it
            while (budget-- > 0 && pool == on && (task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("stream task failed error={}", e.getClass().getSimpleName(), e);
                }
            }
        } finally {
            running.set(false);
            schedule();
        }
    }
}
