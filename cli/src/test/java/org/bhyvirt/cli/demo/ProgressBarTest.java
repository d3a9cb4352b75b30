package org.bhyvirt.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bhyvirt.cli.rest.MigrationProgress;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final long MIB = 1L << 20;

    @Test
    void aLineShowsRoundBarPercentBytesDirtyRateBandwidthAndTime() {
        MigrationProgress p = new MigrationProgress(3, 812 * MIB, 512 * MIB, 1024 * MIB, 32 * MIB, 1239 * MIB, 2300);
        assertEquals("perform round 3 [##########----------]  50%  sent 812.0 MiB  left 512.0 MiB  dirty 32.0 MiB/s"
                + "  bw 1.21 GiB/s  2.3 s", new ProgressBar(20).line("PERFORM", p));
    }

    @Test
    void nothingIsFilledBeforeTheSizeIsKnown() {
        assertEquals("migrating round 0 [----]   0%  sent 0 B  left 0 B  dirty 0 B/s  bw 0 B/s  0 ms",
                new ProgressBar(4).line("", MigrationProgress.NONE));
    }

    @Test
    void theBarIsFullWhenNothingRemainsEvenAfterMoreThanTheGuestWasSent() {
        MigrationProgress p = new MigrationProgress(5, 1500 * MIB, 0, 1024 * MIB, 0, 0, 999);
        assertEquals("perform round 5 [####] 100%  sent 1.46 GiB  left 0 B  dirty 0 B/s  bw 0 B/s  999 ms",
                new ProgressBar(4).line("perform", p));
    }

    @Test
    void theBarAndPercentAreRoundedDownSoTheyFillOnlyWhenDone() {
        MigrationProgress p = new MigrationProgress(1, 0, 1, 1000, 0, 0, 0);
        assertEquals("x round 1 [#########-]  99%  sent 0 B  left 1 B  dirty 0 B/s  bw 0 B/s  0 ms",
                new ProgressBar(10).line("x", p));
    }

    @Test
    void aBarNeedsAWidth() {
        assertThrows(IllegalArgumentException.class, () -> new ProgressBar(0));
    }
}
