package org.bhyvirt.migration.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.junit.jupiter.api.Test;

/** The short switch-over's downtime split: the parts add up to the total and none goes below zero. */
class DowntimeTest {
    private static MigrationProgress done(long finalMs, long stateMs) {
        MigrationProgress.Durations d = new MigrationProgress.Durations(Duration.ofMillis(15), Duration.ofMillis(900),
                Duration.ofMillis(finalMs), Duration.ofMillis(stateMs), Duration.ZERO);
        return new MigrationProgress(1000, 1L << 30, 1L << 30, 0, 1L << 30, 1L << 30, 0, 0, 3, 1_000_000_000L, 0,
                262_144, 4096, 0, 0, finalMs + stateMs, 15, d);
    }

    private static TargetTimes times(long restoreMs, long resumeMs) {
        return new TargetTimes(Duration.ofMillis(restoreMs), Duration.ofMillis(resumeMs), Duration.ofMillis(3));
    }

    @Test
    void theStateTransferIsCountedWithoutTheRestoreAndOtherIsWhatThePartsLeaveOfTheTotal() {
        Downtime d = Downtime.of(done(9, 10), times(4, 5), Duration.ofMillis(31).toNanos());
        assertEquals(Duration.ofMillis(9), d.finalRound());
        assertEquals(Duration.ofMillis(6), d.stateTransfer());
        assertEquals(Duration.ofMillis(4), d.restore());
        assertEquals(Duration.ofMillis(5), d.resume());
        assertEquals(Duration.ofMillis(7), d.other());
        assertEquals(Duration.ofMillis(31), d.total());
        assertEquals("downtime 31.0 ms (final round 9.0, state 6.0, restore 4.0, resume 5.0, other 7.0)", d.describe());
    }

    @Test
    void aRestoreLongerThanTheMeasuredStateTransferAndATotalShorterThanThePartsLeaveZeroNotNegativeParts() {
        Downtime d = Downtime.of(done(9, 2), times(4, 5), Duration.ofMillis(12).toNanos());
        assertEquals(Duration.ZERO, d.stateTransfer());
        assertEquals(Duration.ZERO, d.other());
        assertEquals(Duration.ofMillis(12), d.total());
    }
}
