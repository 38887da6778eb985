package fr.maillage.core.socket;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Several nodes: each keeps the set of people it has sockets for in Redis, next to a liveness
 * key it refreshes every 10 s (expiring after 30 s). A node killed without a goodbye stops
 * refreshing, and its people stop counting as online within 30 s.
 */
@Singleton
@Requires(beans = RedisClient.class)
public class RedisPresence implements Presence {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPresence.class);
    static final int NODE_TTL_SECONDS = 30;

    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;
    private final String node;
    private final Set<UUID> local = ConcurrentHashMap.newKeySet();

    public RedisPresence(StatefulRedisConnection<String, String> connection, NodeId nodeId,
                         @Value("${maillage.redis.prefix}") String prefix) {
        this.connection = connection;
        this.prefix = prefix + "presence:";
        this.node = nodeId.value();
        heartbeat();
    }

    private String nodes() {
        return prefix + "nodes";
    }

    private String usersOf(String n) {
        return prefix + "users:" + n;
    }

    private String alive(String n) {
        return prefix + "alive:" + n;
    }

    @Override
    public void online(UUID userId) {
        local.add(userId);
        try {
            connection.sync().sadd(usersOf(node), userId.toString());
        } catch (RuntimeException e) {
            LOG.warn("presence not recorded error={}", e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean offline(UUID userId) {
        local.remove(userId);
        try {
            connection.sync().srem(usersOf(node), userId.toString());
            return !onlineUsers().contains(userId);
        } catch (RuntimeException e) {
            LOG.warn("presence not recorded error={}", e.getClass().getSimpleName());
            return true;
        }
    }

    @Override
    public Set<UUID> onlineUsers() {
        Set<UUID> users = new HashSet<>(local);
        try {
            RedisCommands<String, String> redis = connection.sync();
            for (String n : redis.smembers(nodes())) {
                if (redis.exists(alive(n)) == 0) {
                    redis.srem(nodes(), n);
                    redis.del(usersOf(n));
                    continue;
                }
                for (String id : redis.smembers(usersOf(n))) {
                    users.add(UUID.fromString(id));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("presence unreadable error={}", e.getClass().getSimpleName());
        }
        return users;
    }

    @Scheduled(fixedDelay = "10s", initialDelay = "10s")
    void heartbeat() {
        try {
            RedisCommands<String, String> redis = connection.sync();
            redis.set(alive(node), "1", SetArgs.Builder.ex(NODE_TTL_SECONDS));
            redis.sadd(nodes(), node);
            if (!local.isEmpty()) {
                redis.sadd(usersOf(node), local.stream().map(UUID::toString).toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            LOG.warn("presence heartbeat failed error={}", e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void leave() {
        try {
            RedisCommands<String, String> redis = connection.sync();
            redis.del(alive(node), usersOf(node));
            redis.srem(nodes(), node);
        } catch (RuntimeException ignored) {
            // best effort: the liveness key expires anyway
        }
    }
}
