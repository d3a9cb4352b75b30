package org.bhyvirt.driver.vmm.freebsd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Memory;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.junit.jupiter.api.Test;

class PageListsTest {

    @Test
    void aBytePerPageListBecomesTheSameBitmapAcrossWordBoundaries() {
        int pages = 200;
        Memory list = new Memory(pages);
        list.clear();
        long[] dirty = {0, 1, 63, 64, 127, 130, 199};
        for (long p : dirty) {
            list.setByte(p, (byte) (p == 63 ? 0x7f : 1)); // any non-zero byte means dirty
        }
        DirtyPages d = PageLists.toDirtyPages(list, pages);
        assertEquals(200, d.pages());
        assertArrayEquals(dirty, d.toPageIndices());
    }

    @Test
    void anAllCleanListIsEmpty() {
        Memory list = new Memory(4096);
        list.clear();
        assertEquals(0, PageLists.toDirtyPages(list, 4096).count());
    }

    @Test
    void segmentsAreLowmemFromZeroAndHighmemFromFourGibibytes() {
        VmmStructs.MigrationSegment low = new VmmStructs.MigrationSegment();
        VmmStructs.MigrationSegment high = new VmmStructs.MigrationSegment();
        PageLists.fillSegments(MemoryLayout.of(6L << 30), low, high);
        assertEquals(0, low.start);
        assertEquals(3L << 30, low.end);
        assertEquals(4L << 30, high.start);
        assertEquals(7L << 30, high.end);
        PageLists.fillSegments(MemoryLayout.of(1L << 30), low, high);
        assertEquals(1L << 30, low.end);
        assertEquals(0, high.start);
        assertEquals(0, high.end);
    }

    @Test
    void theDirtyListRequestCarriesPointerCountAndSegmentsAtTheirOffsets() {
        VmmStructs.GetDirtyPageList req = new VmmStructs.GetDirtyPageList();
        Memory list = new Memory(16);
        req.pageList = list;
        req.numPages = 1_572_864; // 6 GiB
        PageLists.fillSegments(MemoryLayout.of(6L << 30), req.lowmem, req.highmem);
        req.write();
        assertEquals(com.sun.jna.Pointer.nativeValue(list), req.getPointer().getLong(0));
        assertEquals(1_572_864L, req.getPointer().getLong(8));
        assertEquals(3L << 30, req.getPointer().getLong(24));
        assertEquals(4L << 30, req.getPointer().getLong(32));
        assertEquals(7L << 30, req.getPointer().getLong(40));
    }
}
