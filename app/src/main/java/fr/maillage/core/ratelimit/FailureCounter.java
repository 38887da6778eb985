package fr.maillage.core.ratelimit;

import java.time.Duration;

/**
 * Counts failures per key inside a window, shared by every node when Redis is configured.
 * Lock: once a key reaches its limit it stays locked for the lockout (password-reset requests).
 * Backoff: after some free failures the key waits longer and longer, never locked (sign-in).
 */
public interface FailureCounter {
    /** Seconds the key is still locked for, or 0 when it is not locked. */
    long lockedForSeconds(String key, int maxFailures);

    /** Records a failure; when the count reaches maxFailures the key is locked for lockout. */
    void recordFailure(String key, int maxFailures, Duration window, Duration lockout);

    void reset(String key);

    /** Seconds the key must still wait under a {@link Backoff}, or 0 when it may try now. */
    long waitSeconds(String key);

    /**
     * Records a failure under a backoff: the first {@code backoff.freeFailures()} failures in
     * the window cost nothing, each further one makes the key wait twice as long as the last
     * (from firstDelay up to maxDelay). Returns the seconds to wait now, 0 when none.
     */
    long recordBackoffFailure(String key, Backoff backoff);

    /** Forgets a key counted with {@link #recordBackoffFailure}. */
    void resetBackoff(String key);

    /** Slow down, never lock: how many failures are free, and how the wait grows after them. */
    record Backoff(int freeFailures, Duration window, Duration firstDelay, Duration maxDelay) {
        /** The wait after the {@code count}th failure in the window. */
        public Duration delayAfter(long count) {
            if (count < freeFailures) {
                return Duration.ZERO;
            }
            long doublings = Math.min(count - freeFailures, 30);
            long millis = firstDelay.toMillis() << doublings;
            return millis <= 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
        }
    }
}
