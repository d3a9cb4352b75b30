package org.bhyvirt.migration.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationProgressTest {

    private static MigrationProgress running() {
        return new MigrationProgress(1500, 4L << 30, 3L << 30, 1L << 30, 4L << 30, 3L << 30, 1L << 30, 2500, 2,
                2_000_000_000L, 1000, 700_000, 4096, 20, 120, -1, 15, MigrationProgress.Durations.NONE);
    }

    @Test
    void typedParametersUseLibvirtsJobInfoNamesInLibvirtsOrder() {
        Map<String, Long> p = running().typedParameters();
        assertEquals(List.of("time_elapsed", "downtime", "setup_time", "data_total", "data_processed",
                "data_remaining", "memory_total", "memory_processed", "memory_remaining", "memory_constant",
                "memory_normal", "memory_normal_bytes", "memory_bps", "memory_dirty_rate", "memory_page_size",
                "memory_iteration", "auto_converge_throttle"), List.copyOf(p.keySet()));
        assertEquals(2500L, p.get("memory_dirty_rate"));
        assertEquals(700_000L * 4096, p.get("memory_normal_bytes"));
    }

    @Test
    void beforeCompletionDowntimeReportsTheExpectedDowntime() {
        MigrationProgress p = running();
        assertFalse(p.completed());
        assertEquals(120L, p.typedParameters().get("downtime"));
    }

    @Test
    void onCompletionDowntimeIsTheSumOfFinalTransferStateTransferAndResume() {
        MigrationProgress.Durations d = new MigrationProgress.Durations(Duration.ofMillis(15), Duration.ofSeconds(3),
                Duration.ofMillis(40), Duration.ofMillis(5), Duration.ofMillis(2));
        assertEquals(Duration.ofMillis(47), d.downtime());
        MigrationProgress done = new MigrationProgress(3100, 4L << 30, 5L << 30, 0, 4L << 30, 5L << 30, 0, 0, 4,
                2_000_000_000L, 1000, 1_000_000, 4096, 0, 0, d.downtime().toMillis(), 15, d);
        assertTrue(done.completed());
        assertEquals(47L, done.typedParameters().get("downtime"));
    }

    @Test
    void negativeValuesAreRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MigrationProgress(1, 1, 1, 1, 1, 1, 1, -5, 1, 1, 1, 1, 4096, 0, 0, -1, 0,
                        MigrationProgress.Durations.NONE));
        assertTrue(e.getMessage().contains("memDirtyRate is negative"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MigrationProgress.Durations(Duration.ofMillis(-1),
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
    }
}
