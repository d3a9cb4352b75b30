package org.bhyvirt.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bhyvirt.cli.rest.Migration;
import org.bhyvirt.cli.rest.MigrationError;
import org.bhyvirt.cli.rest.MigrationProgress;
import org.bhyvirt.cli.rest.MigrationResult;
import org.junit.jupiter.api.Test;

class MigrationSummaryTest {

    @Test
    void aCompletedMigrationSaysTotalDowntimeWithItsBreakdownBytesRoundsAndRate() {
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put("finalRoundMs", 12.25);
        breakdown.put("stateTransferMs", 9.0);
        breakdown.put("other", 0.5);
        Migration m = new Migration("m", "g", "a", "b", "LIVE", "CONFIRM", "COMPLETED", MigrationProgress.NONE,
                Optional.of(new MigrationResult(2000, 31.75, breakdown, 1L << 30, 4)), Optional.empty());
        assertEquals(List.of("live migration a -> b completed in 2.0 s",
                "downtime 31.8 ms (final round 12.3 ms, state transfer 9.0 ms, other 0.5 ms)",
                "1.00 GiB sent in 4 rounds, 512.0 MiB/s on average"), MigrationSummary.lines("a", "b", m));
    }

    @Test
    void aFailedMigrationSaysTheErrorWithLibvirtsNumberAndThePhase() {
        Migration m = new Migration("m", "g", "a", "b", "LIVE", "PREPARE", "FAILED", MigrationProgress.NONE,
                Optional.empty(), Optional.of(new MigrationError(1, "INTERNAL_ERROR", "destination refused", "PREPARE")));
        assertEquals(List.of("live migration a -> b failed", "error in phase PREPARE: destination refused (libvirt error 1 INTERNAL_ERROR)"),
                MigrationSummary.lines("a", "b", m));
    }
}
