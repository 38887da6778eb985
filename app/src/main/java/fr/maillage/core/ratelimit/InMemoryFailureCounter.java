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

    private record Backed(long count, Instant forgetAt, Instant waitUntil) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Backed> backoffs = new ConcurrentHashMap<>();
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

    @Override
    public long waitSeconds(String key) {
        Backed backed = backoffs.get(key);
        Instant now = clock.instant();
        if (backed == null || !backed.waitUntil().isAfter(now)) {
            return 0;
        }
        return Math.max(1, (Duration.between(now, backed.waitUntil()).toMillis() + 999) / 1000);
    }

    @Override
    public long recordBackoffFailure(String key, Backoff backoff) {
        Instant now = clock.instant();
        Backed updated = backoffs.compute(key, (k, old) -> {
            long count = (old == null || !old.forgetAt().isAfter(now) ? 0 : old.count()) + 1;
            Duration delay = backoff.delayAfter(count);
            return new Backed(count, now.plus(backoff.window()).plus(delay), now.plus(delay));
        });
        if (backoffs.size() > 100_000) {
            backoffs.values().removeIf(b -> !b.forgetAt().isAfter(now));
        }
        return updated.waitUntil().isAfter(now)
                ? Math.max(1, (Duration.between(now, updated.waitUntil()).toMillis() + 999) / 1000) : 0;
    }

    @Override
    public void resetBackoff(String key) {
        backoffs.remove(key);
    }
}
