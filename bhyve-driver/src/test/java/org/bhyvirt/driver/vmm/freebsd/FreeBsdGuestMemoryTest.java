package org.bhyvirt.driver.vmm.freebsd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.junit.jupiter.api.Test;

/**
 * The mapping arithmetic with native memory standing in for the two mmap'ed segments of a 6 GiB guest
 * (only the first pages of each segment are backed, and only those are touched).
 */
class FreeBsdGuestMemoryTest {

    private static final MemoryLayout SIX_GIB = MemoryLayout.of(6L << 30);
    private static final long LOW_PAGES = (3L << 30) / 4096;

    private final Memory low = new Memory(16 * 4096);
    private final Memory high = new Memory(16 * 4096);
    private final FreeBsdGuestMemory memory;

    FreeBsdGuestMemoryTest() {
        low.clear();
        high.clear();
        memory = new FreeBsdGuestMemory(SIX_GIB, low, high);
    }

    @Test
    void aWriteAtFourGibibytesLandsAtTheStartOfTheHighmemMapping() {
        memory.write(4L << 30, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        assertEquals(0x04030201, high.getInt(0));
        assertEquals(0, low.getInt(0));
        ByteBuffer back = ByteBuffer.allocate(4);
        memory.read(4L << 30, back);
        assertEquals(4, back.position());
    }

    @Test
    void densePageIndicesAfterLowmemAddressHighmem() {
        ByteBuffer page = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0xfeedL);
        memory.writePage(LOW_PAGES + 2, page);
        assertEquals(0xfeedL, high.getLong(2 * 4096));
        assertFalse(memory.isZeroPage(LOW_PAGES + 2));
        assertTrue(memory.isZeroPage(LOW_PAGES + 3));
        assertEquals(0xfeedL, memory.view(LOW_PAGES + 2, 1).getLong(0));
    }

    @Test
    void viewsAreDirectBuffersOverTheMappingWithoutCopies() {
        ByteBuffer v = memory.view(1, 2);
        assertTrue(v.isDirect());
        v.putLong(4096, 42);
        assertEquals(42, low.getLong(2 * 4096));
    }

    @Test
    void viewsAcrossAWindowOrBeyondTheGuestAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> memory.view(FreeBsdGuestMemory.WINDOW_PAGES - 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.view(SIX_GIB.pages(), 1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.read(3L << 30, ByteBuffer.allocate(8)));
    }

    @Test
    void aLayoutNeedsOneMappingPerSegment() {
        assertThrows(IllegalArgumentException.class, () -> new FreeBsdGuestMemory(SIX_GIB, low));
    }

    @Test
    void systemMemoryMappingsFormBhyvesLayoutAndOthersAreIgnored() {
        List<VmmDevice.Mapping> maps = List.of(
                new VmmDevice.Mapping(0, VmmDevice.VM_SYSMEM, 0, 3L << 30, 3, 0),
                new VmmDevice.Mapping(4L << 30, VmmDevice.VM_SYSMEM, 4L << 30, 3L << 30, 3, 0),
                new VmmDevice.Mapping(0xFFE00000L, 1, 0, 2L << 20, 5, 0)); // boot ROM
        assertEquals(SIX_GIB, VmmDevice.layoutOf(maps));
        assertEquals(MemoryLayout.of(1L << 30),
                VmmDevice.layoutOf(List.of(new VmmDevice.Mapping(0, 0, 0, 1L << 30, 3, 0))));
    }

    @Test
    void mappingsOfAnotherShapeAreRefused() {
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> VmmDevice.layoutOf(List.of(
                new VmmDevice.Mapping(0, 0, 0, 2L << 30, 3, 0), new VmmDevice.Mapping(4L << 30, 0, 0, 1L << 30, 3, 0))));
        assertTrue(e.getMessage().contains("not bhyve's lowmem/highmem layout"), e.getMessage());
        assertThrows(BhyveDriverException.class, () -> VmmDevice.layoutOf(List.of()));
    }
}
