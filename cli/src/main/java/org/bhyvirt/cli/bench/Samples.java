package org.bhyvirt.cli.bench;

import java.util.Arrays;

/**
 * Durations of repeated calls, in nanoseconds: median and nearest-rank percentiles. Immutable; at least
 * one sample.
 */
public record Samples(long[] nanos) {

    public Samples {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    @Override
    public long[] nanos() {
        return nanos.clone();
    }

    public int count() {
        return nanos.length;
    }

    /** The median; for an even count the mean of the two middle samples. */
    public double medianMs() {
        int n = nanos.length;
        double mid = n % 2 == 1 ? nanos[n / 2] : (nanos[n / 2 - 1] + nanos[n / 2]) / 2.0;
        return mid / 1e6;
    }

    /** The nearest-rank percentile {@code p} (0 < p <= 100). */
    public double percentileMs(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile " + p + " not in (0, 100]");
        }
        int rank = (int) Math.ceil(p / 100 * nanos.length);
        return nanos[Math.max(rank, 1) - 1] / 1e6;
    }

    public double maxMs() {
        return nanos[nanos.length - 1] / 1e6;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Samples s && Arrays.equals(nanos, s.nanos);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nanos);
    }

    @Override
    public String toString() {
        return "Samples" + Arrays.toString(nanos);
    }
}
