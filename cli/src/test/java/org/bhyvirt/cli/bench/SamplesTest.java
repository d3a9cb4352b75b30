package org.bhyvirt.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplesTest {

    @Test
    void theMedianOfAnOddCountIsTheMiddleSampleWhateverTheOrder() {
        assertEquals(2.0, new Samples(new long[] {9_000_000, 1_000_000, 2_000_000}).medianMs());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleSamples() {
        assertEquals(2.5, new Samples(new long[] {4_000_000, 1_000_000, 3_000_000, 2_000_000}).medianMs());
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] tenToHundred = new long[10];
        for (int i = 0; i < 10; i++) {
            tenToHundred[i] = (i + 1) * 1_000_000L;
        }
        Samples s = new Samples(tenToHundred);
        assertEquals(9.0, s.percentileMs(90));
        assertEquals(10.0, s.percentileMs(100));
        assertEquals(1.0, s.percentileMs(1));
        assertEquals(10.0, s.maxMs());
    }

    @Test
    void noSamplesAndPercentilesOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Samples(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> new Samples(new long[] {1}).percentileMs(0));
    }

    @Test
    void theSamplesCannotBeChangedFromOutside() {
        long[] raw = {3, 2, 1};
        Samples s = new Samples(raw);
        raw[0] = 100;
        s.nanos()[0] = 100;
        assertEquals(new Samples(new long[] {1, 2, 3}), s);
    }
}
