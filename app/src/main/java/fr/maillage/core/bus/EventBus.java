package fr.maillage.core.bus;

import java.util.function.Consumer;

/**
 * Carries committed events and ephemeral signals to every node's hub. In-process on one
 * node; Redis pub/sub across nodes. Delivery is best effort: PostgreSQL is the truth and the
 * hub fills any gap from it.
 */
public interface EventBus {
    void publish(BusMessage message);

    /** Registers the local receiver (the hub). Messages this node published arrive exactly once. */
    void onMessage(Consumer<BusMessage> receiver);
}
