package org.bhyvirt.migration.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BandwidthWindowTest {

    private static final long MS = 1_000_000L;

    @Test
    void rateIsUnknownUntilTwoSamplesSpanTime() {
        BandwidthWindow w = new BandwidthWindow(1000 * MS, 8);
        assertEquals(0, w.bytesPerSecond());
        w.record(0, 0);
        assertEquals(0, w.bytesPerSecond());
        w.record(0, 100);
        assertEquals(0, w.bytesPerSecond());
    }

    @Test
    void steadyHundredMegabytesPerSecondMeasuresAsSuch() {
        BandwidthWindow w = new BandwidthWindow(1000 * MS, 16);
        for (int i = 0; i <= 10; i++) {
            w.record(i * 100 * MS, i * 10_000_000L);
        }
        assertEquals(100_000_000L, w.bytesPerSecond());
    }

    @Test
    void samplesOlderThanTheWindowNoLongerCount() {
        BandwidthWindow w = new BandwidthWindow(1000 * MS, 64);
        // 1 GB/s for 2 s, then 100 MB/s for 1 s: the 1-second window sees only the slow second
        long total = 0;
        for (int i = 0; i <= 20; i++) {
            w.record(i * 100 * MS, total);
            total += 100_000_000L;
        }
        total -= 100_000_000L;
        for (int i = 21; i <= 30; i++) {
            total += 10_000_000L;
            w.record(i * 100 * MS, total);
        }
        assertEquals(100_000_000L, w.bytesPerSecond());
    }

    @Test
    void aFullRingForgetsTheOldestSample() {
        BandwidthWindow w = new BandwidthWindow(10_000 * MS, 2);
        w.record(0, 0);
        w.record(1000 * MS, 1_000_000);
        w.record(2000 * MS, 3_000_000);
        assertEquals(2_000_000, w.bytesPerSecond());
    }

    @Test
    void samplesThatGoBackInTimeOrBytesAreRefused() {
        BandwidthWindow w = new BandwidthWindow(1000 * MS, 4);
        w.record(10, 100);
        assertThrows(IllegalArgumentException.class, () -> w.record(5, 200));
        assertThrows(IllegalArgumentException.class, () -> w.record(20, 50));
    }
}
