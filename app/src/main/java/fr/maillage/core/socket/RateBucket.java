package fr.maillage.core.socket;

/** A token bucket: {@code perSecond} frames a second, bursts up to {@code burst}. */
final class RateBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    RateBucket(double perSecond, double burst) {
        this.perNano = perSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
    }

    synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
