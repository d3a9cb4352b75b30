package org.bhyvirt.migration.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers the convergence policy decides on, taken when a pre-copy round ends.
 *
 * @param roundsCompleted       rounds finished so far (round 0, every page, counts as one)
 * @param elapsed               time since the migration started
 * @param remainingDirtyBytes   bytes dirty now, which the next round (or the stop-and-copy) must send
 * @param bandwidth             measured bytes per second over the sliding window (0 = unknown)
 * @param dirtyRate             bytes per second the guest dirtied during the last round
 * @param bytesSent             memory bytes sent so far, all rounds
 * @param guestBytes            guest memory size
 * @param roundsAboveLinkSpeed  consecutive rounds whose dirty rate exceeded the bandwidth (the
 *                              engine resets it to 0 after applying a THROTTLE, as QEMU resets
 *                              its dirty_rate_high_cnt)
 * @param roundsWithoutProgress consecutive rounds since the remaining dirty bytes last reached a
 *                              new minimum
 * @param throttlePercent       the vCPU throttle now applied, 0 .. 99
 */
public record ProgressSnapshot(
        int roundsCompleted,
        Duration elapsed,
        long remainingDirtyBytes,
        long bandwidth,
        long dirtyRate,
        long bytesSent,
        long guestBytes,
        int roundsAboveLinkSpeed,
        int roundsWithoutProgress,
        int throttlePercent) {

    public ProgressSnapshot {
        Objects.requireNonNull(elapsed, "elapsed");
        if (roundsCompleted < 0 || elapsed.isNegative() || remainingDirtyBytes < 0 || bandwidth < 0
                || dirtyRate < 0 || bytesSent < 0 || guestBytes <= 0 || roundsAboveLinkSpeed < 0
                || roundsWithoutProgress < 0 || throttlePercent < 0 || throttlePercent > 99) {
            throw new IllegalArgumentException("inconsistent progress snapshot: rounds " + roundsCompleted + ", elapsed "
                    + elapsed + ", remaining " + remainingDirtyBytes + ", bandwidth " + bandwidth + ", dirty rate "
                    + dirtyRate + ", sent " + bytesSent + ", guest " + guestBytes + ", rounds above link "
                    + roundsAboveLinkSpeed + ", rounds without progress " + roundsWithoutProgress + ", throttle "
                    + throttlePercent);
        }
    }
}
