package org.bhyvirt.cli.demo;

import java.util.Locale;
import org.bhyvirt.cli.rest.MigrationProgress;

/**
 * The demo's one-line progress display of a migration: phase, round, a bar of the memory no longer
 * waiting to be sent, bytes sent and remaining, the guest's dirty rate, the bandwidth and the elapsed
 * time, e.g. {@code "live round 3 [##########----------]  50%  sent 812.0 MiB  left 300.0 MiB  dirty 31.9 MiB/s  bw 1.21 GiB/s  2.3 s"}.
 * Pure: the same progress always gives the same line, ASCII only.
 */
public final class ProgressBar {

    private final int width;

    /** A bar {@code width} characters wide between its brackets (at least 1). */
    public ProgressBar(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("bar width " + width + " < 1");
        }
        this.width = width;
    }

    public String line(String phase, MigrationProgress p) {
        double done = p.doneFraction();
        int filled = (int) Math.floor(done * width);
        StringBuilder bar = new StringBuilder(width + 2).append('[');
        bar.append("#".repeat(filled)).append("-".repeat(width - filled)).append(']');
        return String.format(Locale.ROOT, "%s round %d %s %3d%%  sent %s  left %s  dirty %s  bw %s  %s",
                phase.isEmpty() ? "migrating" : phase.toLowerCase(Locale.ROOT), p.round(), bar,
                (int) Math.floor(done * 100), Units.bytes(p.transferredBytes()), Units.bytes(p.remainingBytes()),
                Units.rate(p.dirtyRateBytesPerSecond()), Units.rate(p.bandwidthBytesPerSecond()),
                Units.millis(p.elapsedMs()));
    }
}
