package fr.maillage.core.ratelimit;

import java.time.Duration;

/**
 * Counts failures per key inside a window, shared by every node when Redis is configured.
 * Used for login throttling: once a key reaches its limit it stays locked for the lockout.
 */
public interface FailureCounter {
    /** Seconds the key is still locked for, or 0 when it is not locked. */
    long lockedForSeconds(String key, int maxFailures);

    /** Records a failure; when the count reaches maxFailures the key is locked for lockout. */
    void recordFailure(String key, int maxFailures, Duration window, Duration lockout);

    void reset(String key);
}
