package org.bhyvirt.driver.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryLayoutTest {
    private static final long GIB = 1L << 30;

    @Test
    void aOneGibGuestIsOneLowmemSegmentFromGpaZero() {
        MemoryLayout l = MemoryLayout.of(GIB);
        assertEquals(List.of(new MemorySegment(MemorySegment.Kind.LOWMEM, 0, GIB, 0)), l.segments());
        assertEquals(262_144, l.pages());
        assertEquals(GIB, l.lowmemBytes());
        assertEquals(0, l.highmemBytes());
        assertEquals(4096, l.dirtyBitmapWords());
        assertEquals(GIB - 4096, l.gpaOfPage(262_143));
    }

    @Test
    void aSixGibGuestHasThreeGibOfLowmemAndThreeGibOfHighmemFromFourGib() {
        MemoryLayout l = MemoryLayout.of(6 * GIB);
        assertEquals(List.of(new MemorySegment(MemorySegment.Kind.LOWMEM, 0, 3 * GIB, 0),
                new MemorySegment(MemorySegment.Kind.HIGHMEM, 4 * GIB, 3 * GIB, 786_432)), l.segments());
        assertEquals(1_572_864, l.pages());
        assertEquals(786_432, l.pageOfGpa(4 * GIB));
        assertEquals(4 * GIB + 4096 * 5, l.gpaOfPage(786_437));
        assertEquals(786_431, l.pageOfGpa(3 * GIB - 1));
        assertEquals(MemorySegment.Kind.HIGHMEM, l.segmentOfPage(1_572_863).kind());
    }

    @Test
    void addressesInTheHoleBetweenThreeAndFourGibOrBeyondTheGuestAreRefused() {
        MemoryLayout l = MemoryLayout.of(6 * GIB);
        assertThrows(IndexOutOfBoundsException.class, () -> l.pageOfGpa(3 * GIB));
        assertThrows(IndexOutOfBoundsException.class, () -> l.pageOfGpa(4 * GIB - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> l.pageOfGpa(7 * GIB));
        assertThrows(IndexOutOfBoundsException.class, () -> l.gpaOfPage(1_572_864));
        assertThrows(IndexOutOfBoundsException.class, () -> l.gpaOfPage(-1));
    }

    @Test
    void aGuestOfExactlyThreeGibHasNoHighmem() {
        MemoryLayout l = MemoryLayout.of(3 * GIB);
        assertEquals(1, l.segments().size());
        assertThrows(IndexOutOfBoundsException.class, () -> l.pageOfGpa(4 * GIB));
    }

    @Test
    void sizesThatAreNotWholePagesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MemoryLayout.of(GIB + 1));
        assertThrows(IllegalArgumentException.class, () -> MemoryLayout.of(0));
    }

    @Test
    void segmentsWhosePageIndicesAreNotDenseAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryLayout(6 * GIB, List.of(
                new MemorySegment(MemorySegment.Kind.LOWMEM, 0, 3 * GIB, 0),
                new MemorySegment(MemorySegment.Kind.HIGHMEM, 4 * GIB, 3 * GIB, 1_048_576))));
    }
}
