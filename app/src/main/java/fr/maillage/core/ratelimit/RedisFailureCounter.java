package fr.maillage.core.ratelimit;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Failure counts in Redis, so that a throttled account stays throttled on every node. */
@Singleton
@Requires(beans = StatefulRedisConnection.class)
public class RedisFailureCounter implements FailureCounter {
    // One round trip, atomic: count, start the window on the first failure, lock at the limit.
    private static final String RECORD = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            if n >= tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return n
            """;

    // Count in KEYS[1], the wait as a key of its own (KEYS[2]) that expires when it is over. The
    // count outlives the wait by the window, so the next failure after a wait doubles it.
    private static final String BACKOFF = """
            local n = redis.call('INCR', KEYS[1])
            local free = tonumber(ARGV[2])
            local delay = 0
            if n >= free then
              delay = tonumber(ARGV[3]) * (2 ^ math.min(n - free, 30))
              if delay > tonumber(ARGV[4]) then delay = tonumber(ARGV[4]) end
              redis.call('SET', KEYS[2], '1', 'PX', math.floor(delay))
            end
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) + math.floor(delay))
            return math.floor(delay)
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final String prefix;

    public RedisFailureCounter(StatefulRedisConnection<String, String> connection,
                               @Value("${maillage.redis.prefix}") String prefix) {
        this.connection = connection;
        this.prefix = prefix + "failures:";
    }

    @Override
    public long lockedForSeconds(String key, int maxFailures) {
        String value = connection.sync().get(prefix + key);
        if (value == null || Integer.parseInt(value) < maxFailures) {
            return 0;
        }
        long ttl = connection.sync().pttl(prefix + key);
        return ttl <= 0 ? 0 : Math.max(1, (ttl + 999) / 1000);
    }

    @Override
    public void recordFailure(String key, int maxFailures, Duration window, Duration lockout) {
        connection.sync().eval(RECORD, ScriptOutputType.INTEGER, new String[]{prefix + key},
                Long.toString(window.toMillis()), Long.toString(lockout.toMillis()), Integer.toString(maxFailures));
    }

    @Override
    public void reset(String key) {
        connection.sync().del(prefix + key);
    }

    @Override
    public long waitSeconds(String key) {
        long ttl = connection.sync().pttl(prefix + "wait:" + key);
        return ttl <= 0 ? 0 : Math.max(1, (ttl + 999) / 1000);
    }

    @Override
    public long recordBackoffFailure(String key, Backoff backoff) {
        Long delay = connection.sync().eval(BACKOFF, ScriptOutputType.INTEGER,
                new String[]{prefix + "count:" + key, prefix + "wait:" + key},
                Long.toString(backoff.window().toMillis()), Integer.toString(backoff.freeFailures()),
                Long.toString(backoff.firstDelay().toMillis()), Long.toString(backoff.maxDelay().toMillis()));
        return delay == null || delay <= 0 ? 0 : Math.max(1, (delay + 999) / 1000);
    }

    @Override
    public void resetBackoff(String key) {
        connection.sync().del(prefix + "count:" + key, prefix + "wait:" + key);
    }
}
