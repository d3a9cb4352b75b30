package org.bhyvirt.plugin.migration;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.bhyvirt.migration.progress.MigrationProgress;

/**
 * The JSON form of a migration's progress: the pre-copy round, bytes transferred, still to
 * transfer and in all, the guest's dirty rate and the transfer rate (bytes per second), and the
 * time since the job began.
 *
 * @param round                     the current round (libvirt's memory_iteration)
 * @param transferredBytes          bytes sent so far (resent pages count again)
 * @param remainingBytes            bytes still to send
 * @param totalBytes                bytes the job expects to send in all
 * @param dirtyRateBytesPerSecond   how fast the guest dirties memory
 * @param bandwidthBytesPerSecond   how fast memory is sent
 * @param elapsedMs                 ms since the job began
 */
@JsonbPropertyOrder({"round", "transferredBytes", "remainingBytes", "totalBytes", "dirtyRateBytesPerSecond",
    "bandwidthBytesPerSecond", "elapsedMs"})
public record ProgressView(long round, long transferredBytes, long remainingBytes, long totalBytes,
        long dirtyRateBytesPerSecond, long bandwidthBytesPerSecond, long elapsedMs) {

    /** The JSON form of {@code p}. */
    public static ProgressView of(MigrationProgress p) {
        return new ProgressView(p.memIteration(), p.dataProcessed(), p.dataRemaining(), p.dataTotal(),
                p.memDirtyRate() * p.memPageSize(), p.memBps(), p.timeElapsed());
    }
}
