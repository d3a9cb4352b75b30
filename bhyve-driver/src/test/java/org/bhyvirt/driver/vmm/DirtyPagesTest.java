package org.bhyvirt.driver.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DirtyPagesTest {

    private static DirtyPages of(long pages, long... dirty) {
        long[] w = new long[(int) ((pages + 63) / 64)];
        for (long p : dirty) {
            w[(int) (p >>> 6)] |= 1L << (p & 63);
        }
        return new DirtyPages(pages, w);
    }

    @Test
    void pageIndicesComeOutAscendingFromTheBitmap() {
        DirtyPages d = of(200, 3, 63, 64, 130, 199);
        assertEquals(5, d.count());
        assertArrayEquals(new long[] {3, 63, 64, 130, 199}, d.toPageIndices());
        assertTrue(d.isDirty(64));
        assertFalse(d.isDirty(65));
    }

    @Test
    void nextDirtyWalksTheBitmapAndEndsWithMinusOne() {
        DirtyPages d = of(200, 3, 130);
        assertEquals(3, d.nextDirty(0));
        assertEquals(3, d.nextDirty(3));
        assertEquals(130, d.nextDirty(4));
        assertEquals(-1, d.nextDirty(131));
        assertEquals(-1, d.nextDirty(500));
    }

    @Test
    void aSixteenGibGuestsBitmapTakesHalfAMebibyte() {
        DirtyPages d = DirtyPages.none((16L << 30) / 4096);
        assertEquals(65_536, d.copyWords().length);
        assertTrue(d.isEmpty());
    }

    @Test
    void bitsBeyondTheLastPageAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DirtyPages(10, new long[] {1L << 10}));
        assertThrows(IllegalArgumentException.class, () -> new DirtyPages(10, new long[2]));
    }

    @Test
    void unionHoldsThePagesOfBoth() {
        assertEquals(of(100, 1, 2, 99), of(100, 1, 99).union(of(100, 2)));
    }

    @Test
    void theWordsHandedOutAreACopy() {
        DirtyPages d = of(64, 5);
        d.copyWords()[0] = 0;
        assertTrue(d.isDirty(5));
    }
}
