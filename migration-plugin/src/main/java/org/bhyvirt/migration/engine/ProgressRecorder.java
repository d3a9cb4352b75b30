package org.bhyvirt.migration.engine;

import java.time.Duration;
import org.bhyvirt.migration.policy.ProgressSnapshot;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.bhyvirt.migration.protocol.Protocol;

/**
 * The source's running account of one migration, turned into {@link MigrationProgress} reports:
 * bytes on the wire, pages with data and zero pages, rounds, the last measured bandwidth, dirty
 * rate and expected downtime, and the named durations (setup, rounds, final transfer, state
 * transfer, resume). Only the migrating thread writes it.
 */
final class ProgressRecorder {
    private final long guestBytes;
    private final long start = System.nanoTime();
    private long setupNanos;
    private long roundsNanos;
    private long finalNanos;
    private long stateNanos;
    private long resumeNanos;
    private long wireBytes;
    private long dataPages;
    private long zeroPages;
    private long remainingBytes;
    private long dirtyPagesPerSecond;
    private long bandwidth;
    private long expectedDowntimeMillis;
    private int rounds;
    private int throttle;

    ProgressRecorder(long guestBytes) {
        this.guestBytes = guestBytes;
        this.remainingBytes = guestBytes;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    void setupDone() {
        setupNanos = System.nanoTime() - start;
    }

    int rounds() {
        return rounds;
    }

    void roundDone(int round, long wire, SourceChannels sender, long dirtyPages, ProgressSnapshot s, Duration expected,
            int throttlePercent) {
        rounds = round + 1;
        wireBytes = wire;
        dataPages = sender.dataPages();
        zeroPages = sender.zeroPages();
        remainingBytes = dirtyPages * Protocol.PAGE_SIZE;
        dirtyPagesPerSecond = s.dirtyRate() / Protocol.PAGE_SIZE;
        bandwidth = s.bandwidth();
        expectedDowntimeMillis = expected == null ? 0 : expected.toMillis();
        throttle = throttlePercent;
        roundsNanos = System.nanoTime() - start - setupNanos;
    }

    void finalDone(int round, long wire, SourceChannels sender, long finalTransferNanos, long stateTransferNanos) {
        rounds = round + 1;
        wireBytes = wire;
        dataPages = sender.dataPages();
        zeroPages = sender.zeroPages();
        remainingBytes = 0;
        finalNanos = finalTransferNanos;
        stateNanos = stateTransferNanos;
        roundsNanos = Math.max(0, System.nanoTime() - start - setupNanos - finalNanos - stateNanos);
    }

    void resumeDone(long nanos) {
        resumeNanos = nanos;
    }

    long downtimeMillis() {
        return Duration.ofNanos(finalNanos + stateNanos + resumeNanos).toMillis();
    }

    /** The report now; {@code downtime} -1 until the migration completed. */
    MigrationProgress snapshot(long downtime) {
        MigrationProgress.Durations d = new MigrationProgress.Durations(Duration.ofNanos(setupNanos),
                Duration.ofNanos(roundsNanos), Duration.ofNanos(finalNanos), Duration.ofNanos(stateNanos),
                Duration.ofNanos(resumeNanos));
        return new MigrationProgress(elapsed().toMillis(), guestBytes, wireBytes, remainingBytes, guestBytes,
                dataPages * Protocol.PAGE_SIZE, remainingBytes, dirtyPagesPerSecond, rounds, bandwidth, zeroPages,
                dataPages, Protocol.PAGE_SIZE, throttle, expectedDowntimeMillis, downtime,
                Duration.ofNanos(setupNanos).toMillis(), d);
    }
}
