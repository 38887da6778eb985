package fr.maillage.core.bus;

import fr.maillage.core.socket.NodeId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The multi-node bus: Redis pub/sub on one channel. A node delivers its own messages locally
 * at once and ignores their echo; others' messages arrive through the subscription. Lettuce
 * reconnects by itself; what is lost meanwhile is filled from PostgreSQL by the hub.
 */
@Singleton
@Requires(beans = RedisClient.class)
public class RedisEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(RedisEventBus.class);

    private final List<Consumer<BusMessage>> receivers = new CopyOnWriteArrayList<>();
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final JsonMapper json;
    private final String channel;
    private final String node;

    public RedisEventBus(RedisClient client, StatefulRedisConnection<String, String> publisher, JsonMapper json,
                         NodeId nodeId, @Value("${maillage.redis.prefix}") String prefix) {
        this.publisher = publisher;
        this.json = json;
        this.channel = prefix + "bus";
        this.node = nodeId.value();
        this.subscriber = client.connectPubSub();
        this.subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                receive(message);
            }
        });
        this.subscriber.sync().subscribe(channel);
    }

    @Override
    public void publish(BusMessage message) {
        BusMessage stamped = message.from(node);
        deliver(stamped);
        try {
            publisher.async().publish(channel, json.writeValueAsString(stamped)).exceptionally(e -> {
                LOG.warn("bus publish failed kind={} error={}", message.kind(), e.getClass().getSimpleName());
                return 0L;
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("bus publish failed kind={} error={}", message.kind(), e.getClass().getSimpleName());
        }
    }

    @Override
    public void onMessage(Consumer<BusMessage> receiver) {
        receivers.add(receiver);
    }

    private void receive(String raw) {
        try {
            BusMessage message = json.readValue(raw, BusMessage.class);
            if (!node.equals(message.origin())) {
                deliver(message);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("bus message unreadable error={}", e.getClass().getSimpleName());
        }
    }

    private void deliver(BusMessage message) {
        for (Consumer<BusMessage> receiver : receivers) {
            try {
                receiver.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("bus receiver failed kind={} error={}", message.kind(), e.getClass().getSimpleName(), e);
            }
        }
    }

    @PreDestroy
    void close() {
        subscriber.close();
    }
}
