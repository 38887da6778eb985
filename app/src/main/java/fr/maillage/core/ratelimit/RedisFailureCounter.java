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
}
