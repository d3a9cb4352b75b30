package org.bhyvirt.migration.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario measured. Durations in milliseconds, sizes in bytes; a figure that was not measured
 * is {@link #UNKNOWN} (-1), never a guess.
 *
 * @param name              the scenario's name
 * @param runner            which implementation migrated (native, qemu, engine)
 * @param guestBytes        guest memory size
 * @param totalMs           from the migration request to the source's end (destination start-up excluded)
 * @param downtimeMs        guest paused on the source until it runs on the destination
 * @param downtimeBreakdown named parts of the downtime, in order (may be empty)
 * @param wireBytes         bytes on the wire (loopback transmit counter over the migration)
 * @param rounds            memory copy rounds (1 for a stop-and-copy)
 * @param notes             how the figures were taken, checks made on the destination
 */
public record ScenarioResult(String name, String runner, long guestBytes, double totalMs, double downtimeMs,
                             Map<String, Double> downtimeBreakdown, long wireBytes, int rounds, String notes) {
    /** A figure that was not measured. */
    public static final int UNKNOWN = -1;

    /** Copies the breakdown, keeping its order. */
    public ScenarioResult {
        downtimeBreakdown = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(downtimeBreakdown));
    }

    /** Throughput in MiB/s: wire bytes over total time, or {@link #UNKNOWN}. */
    public double throughputMiBs() {
        if (wireBytes < 0 || totalMs <= 0) {
            return UNKNOWN;
        }
        return wireBytes / 1048576.0 / (totalMs / 1000.0);
    }

    /** The bytes the baseline copies: the wire bytes when known, else the guest size. */
    public long baselineBytes() {
        return wireBytes > 0 ? wireBytes : guestBytes;
    }
}
