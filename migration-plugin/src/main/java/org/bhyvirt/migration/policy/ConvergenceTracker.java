package org.bhyvirt.migration.policy;

import java.time.Duration;

/**
 * Turns what a source engine observes at the end of each round into the {@link ProgressSnapshot} the
 * {@link ConvergencePolicy} decides on: it keeps the bandwidth window, the consecutive rounds whose dirty
 * rate exceeded the bandwidth (reset when a throttle is applied, as QEMU resets its counter), the rounds
 * since the remaining dirty bytes last reached a new minimum, and the throttle in force. Times are
 * supplied by the caller, so it is deterministic. Not thread-safe: one per migration, fed by its
 * sending thread.
 */
public final class ConvergenceTracker {

    private final long guestBytes;
    private final BandwidthWindow window;
    private int rounds;
    private long bytesSent;
    private long remaining;
    private long dirtyRate;
    private long bestRemaining = Long.MAX_VALUE;
    private int roundsAboveLinkSpeed;
    private int roundsWithoutProgress;
    private int throttle;

    /** A tracker for a guest of {@code guestBytes}, measuring bandwidth over {@code window}. */
    public ConvergenceTracker(long guestBytes, BandwidthWindow window) {
        if (guestBytes <= 0) {
            throw new IllegalArgumentException("guest size " + guestBytes);
        }
        this.guestBytes = guestBytes;
        this.window = window;
    }

    /** Bytes sent so far reached {@code totalBytesSent} at {@code nanos} (call as often as useful). */
    public void sent(long nanos, long totalBytesSent) {
        window.record(nanos, totalBytesSent);
        bytesSent = totalBytesSent;
    }

    /**
     * A round ended at {@code nanos} after {@code totalBytesSent} bytes in all; the guest dirtied
     * {@code dirtiedBytes} during the round's {@code roundNanos}, and {@code remainingDirtyBytes} are dirty now.
     */
    public void roundEnded(long nanos, long totalBytesSent, long remainingDirtyBytes, long dirtiedBytes, long roundNanos) {
        if (remainingDirtyBytes < 0 || dirtiedBytes < 0 || roundNanos < 0) {
            throw new IllegalArgumentException("negative round figures");
        }
        sent(nanos, totalBytesSent);
        rounds++;
        remaining = remainingDirtyBytes;
        dirtyRate = roundNanos == 0 ? 0 : (long) Math.min(Long.MAX_VALUE, dirtiedBytes * 1e9 / roundNanos);
        long bandwidth = window.bytesPerSecond();
        roundsAboveLinkSpeed = bandwidth > 0 && dirtyRate > bandwidth ? roundsAboveLinkSpeed + 1 : 0;
        if (remainingDirtyBytes < bestRemaining) {
            bestRemaining = remainingDirtyBytes;
            roundsWithoutProgress = 0;
        } else {
            roundsWithoutProgress++;
        }
    }

    /** The engine applied a throttle of {@code percent}. */
    public void throttled(int percent) {
        if (percent < 0 || percent > 99) {
            throw new IllegalArgumentException("throttle " + percent + " % outside 0..99");
        }
        throttle = percent;
        roundsAboveLinkSpeed = 0;
    }

    /** The snapshot {@code elapsed} after the start. */
    public ProgressSnapshot snapshot(Duration elapsed) {
        return new ProgressSnapshot(rounds, elapsed, remaining, window.bytesPerSecond(), dirtyRate, bytesSent,
                guestBytes, roundsAboveLinkSpeed, roundsWithoutProgress, throttle);
    }
}
