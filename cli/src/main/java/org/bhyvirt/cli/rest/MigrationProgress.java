package org.bhyvirt.cli.rest;

/**
 * A migration's progress as the contract reports it: the pre-copy round, bytes sent, bytes still
 * to send, the guest's memory size, the dirty rate and the measured bandwidth (bytes per second),
 * and the time since the migration began.
 */
public record MigrationProgress(long round, long transferredBytes, long remainingBytes, long totalBytes,
                                long dirtyRateBytesPerSecond, long bandwidthBytesPerSecond, long elapsedMs) {

    /** No progress yet. */
    public static final MigrationProgress NONE = new MigrationProgress(0, 0, 0, 0, 0, 0, 0);

    /** The share of the guest's memory no longer waiting to be sent, 0 to 1 (0 while the size is unknown). */
    public double doneFraction() {
        if (totalBytes <= 0) {
            return 0;
        }
        double done = 1.0 - (double) remainingBytes / totalBytes;
        return Math.max(0, Math.min(1, done));
    }
}
