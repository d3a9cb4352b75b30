package org.bhyvirt.migration.engine;

/**
 * The sender's bandwidth limit: a token bucket of {@code rate} bytes per second holding at most a
 * tenth of a second's worth; {@link #acquire} sleeps off any deficit, so over any interval longer
 * than the burst the bytes passed stay within the rate. A rate of 0 means unlimited (never sleeps).
 * Thread-safe.
 */
final class TokenBucket {
    private final long rate;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("negative rate " + bytesPerSecond);
        }
        this.rate = bytesPerSecond;
        this.burst = bytesPerSecond / 10.0;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Takes {@code bytes} tokens, sleeping until the bucket's rate allows them. */
    void acquire(long bytes) throws InterruptedException {
        if (rate == 0) {
            return;
        }
        long sleepNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * rate / 1e9);
            last = now;
            tokens -= bytes;
            sleepNanos = tokens < 0 ? (long) (-tokens * 1e9 / rate) : 0;
        }
        if (sleepNanos > 0) {
            Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
        }
    }
}
