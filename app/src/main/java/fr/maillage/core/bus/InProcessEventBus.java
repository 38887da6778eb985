package fr.maillage.core.bus;

import io.lettuce.core.RedisClient;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The single-node bus: a direct call into this node's hub. */
@Singleton
@Requires(missingBeans = RedisClient.class)
public class InProcessEventBus implements EventBus {
    private final List<Consumer<BusMessage>> receivers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(BusMessage message) {
        receivers.forEach(r -> r.accept(message));
    }

    @Override
    public void onMessage(Consumer<BusMessage> receiver) {
        receivers.add(receiver);
    }
}
