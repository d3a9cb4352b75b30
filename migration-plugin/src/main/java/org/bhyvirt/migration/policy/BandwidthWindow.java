package org.bhyvirt.migration.policy;

/**
 * Bandwidth over a sliding window of time: the caller records the cumulative bytes sent at
 * times it supplies (nanoseconds from any fixed origin, never decreasing), and the window
 * answers the rate between the oldest sample still inside the window and the newest one. It
 * keeps a fixed number of samples (no allocation after construction); with fewer than two
 * samples, or none spanning time, the rate is 0 (unknown). Not thread-safe.
 */
public final class BandwidthWindow {

    private final long windowNanos;
    private final long[] times;
    private final long[] totals;
    private int head;
    private int size;

    /** A window of {@code windowNanos} keeping at most {@code capacity} samples. */
    public BandwidthWindow(long windowNanos, int capacity) {
        if (windowNanos <= 0 || capacity < 2) {
            throw new IllegalArgumentException("window " + windowNanos + " ns with " + capacity + " samples");
        }
        this.windowNanos = windowNanos;
        this.times = new long[capacity];
        this.totals = new long[capacity];
    }

    /** Records that {@code totalBytes} bytes had been sent in all at {@code nanos}. */
    public void record(long nanos, long totalBytes) {
        if (size > 0) {
            int last = (head + size - 1) % times.length;
            if (nanos < times[last] || totalBytes < totals[last]) {
                throw new IllegalArgumentException("samples go back: " + nanos + " ns / " + totalBytes
                        + " bytes after " + times[last] + " ns / " + totals[last] + " bytes");
            }
        }
        if (size == times.length) {
            head = (head + 1) % times.length;
            size--;
        }
        int slot = (head + size) % times.length;
        times[slot] = nanos;
        totals[slot] = totalBytes;
        size++;
    }

    /** Bytes per second over the window ending at the newest sample; 0 when unknown. */
    public long bytesPerSecond() {
        if (size < 2) {
            return 0;
        }
        int newest = (head + size - 1) % times.length;
        int oldest = head;
        for (int i = 0; i < size - 1; i++) {
            int slot = (head + i) % times.length;
            if (times[newest] - times[slot] <= windowNanos) {
                oldest = slot;
                break;
            }
            oldest = (slot + 1) % times.length;
        }
        long span = times[newest] - times[oldest];
        if (span <= 0) {
            return 0;
        }
        double rate = (totals[newest] - totals[oldest]) * 1e9 / span;
        return (long) Math.min(rate, Long.MAX_VALUE);
    }
}
