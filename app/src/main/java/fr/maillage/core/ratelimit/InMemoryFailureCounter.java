package fr.maillage.core.ratelimit;

import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** The single-node counter: enough when there is no Redis, since there is only one node. */
@Singleton
@Requires(missingBeans = StatefulRedisConnection.class)
public class InMemoryFailureCounter implements FailureCounter {
    private record Entry(int count, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryFailureCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long lockedForSeconds(String key, int maxFailures) {
        Entry entry = live(key);
        if (entry == null || entry.count() < maxFailures) {
            return 0;
        }
        return Math.max(1, Duration.between(clock.instant(), entry.expiresAt()).toSeconds());
    }

    @Override
    public void recordFailure(String key, int maxFailures, Duration window, Duration lockout) {
        Instant now = clock.instant();
        entries.compute(key, (k, old) -> {
            Entry current = old == null || !old.expiresAt().isAfter(now) ? new Entry(0, now.plus(window)) : old;
            int count = current.count() + 1;
            Instant expiry = count >= maxFailures ? now.plus(lockout) : current.expiresAt();
            return new Entry(count, expiry);
        });
        if (entries.size() > 100_000) {
            entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
        }
    }

    @Override
    public void reset(String key) {
        entries.remove(key);
    }

    private Entry live(String key) {
        Entry entry = entries.get(key);
        if (entry != null && !entry.expiresAt().isAfter(clock.instant())) {
            entries.remove(key, entry);
            return null;
        }
        return entry;
    }
}
