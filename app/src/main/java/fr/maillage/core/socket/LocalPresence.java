package fr.maillage.core.socket;

import io.lettuce.core.RedisClient;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** One node: who is online is who has a socket here. */
@Singleton
@Requires(missingBeans = RedisClient.class)
public class LocalPresence implements Presence {
    private final Set<UUID> online = ConcurrentHashMap.newKeySet();

    @Override
    public void online(UUID userId) {
        online.add(userId);
    }

    @Override
    public boolean offline(UUID userId) {
        online.remove(userId);
        return true;
    }

    @Override
    public Set<UUID> onlineUsers() {
        return Set.copyOf(online);
    }
}
