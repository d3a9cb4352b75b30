package org.bhyvirt.driver.vmm.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's mapped memory on tmpfs: its data extents come from the file's holes (never-written
 * pages are skipped without allocating them), the zero-page test reads in place, and populating it
 * allocates every page without changing a byte; releasing it takes the file out of the process at once.
 */
class MappedGuestMemoryTest {
    private static final int PAGE = 4096;
    private static final MemoryLayout LAYOUT = MemoryLayout.of(64L << 20);
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        file = Path.of("/dev/shm", "bhyvirt-test-mem-" + UUID.randomUUID());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(LAYOUT.memoryBytes());
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    private void writePage(long page, byte value, int at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(PAGE);
            b.put(at, value);
            ch.write(b, page * PAGE);
        }
    }

    private long allocatedBytes() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] f = new String(p.getInputStream().readAllBytes()).strip().split(" ");
        p.waitFor();
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    @Test
    void dataExtentsAreTheWrittenPagesAndAskingAllocatesNothing() throws Exception {
        writePage(100, (byte) 1, 0);
        writePage(101, (byte) 1, 4095);
        writePage(5000, (byte) 7, 17);
        MappedGuestMemory m = MappedGuestMemory.map(file, LAYOUT);
        long before = allocatedBytes();

        assertEquals(100, m.nextDataPage(0));
        assertEquals(102, m.nextZeroExtent(100));
        assertEquals(5000, m.nextDataPage(102));
        assertEquals(5001, m.nextZeroExtent(5000));
        assertEquals(LAYOUT.pages(), m.nextDataPage(5001), "no data after the last written page");
        assertEquals(LAYOUT.pages(), m.nextDataPage(LAYOUT.pages()));
        assertEquals(3 * PAGE, before, "three pages allocated");
        assertEquals(before, allocatedBytes(), "extent queries allocate nothing");
        assertThrows(IndexOutOfBoundsException.class, () -> m.nextDataPage(LAYOUT.pages() + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> m.nextZeroExtent(-1));
    }

    @Test
    void theZeroPageTestSeesAByteAnywhereInThePage() throws Exception {
        writePage(3, (byte) 9, 4095);
        writePage(4, (byte) 9, 0);
        writePage(5, (byte) 0, 0);
        MappedGuestMemory m = MappedGuestMemory.map(file, LAYOUT);

        assertFalse(m.isZeroPage(3), "last byte set");
        assertFalse(m.isZeroPage(4), "first byte set");
        assertTrue(m.isZeroPage(5), "written with zeros");
        assertThrows(IndexOutOfBoundsException.class, () -> m.isZeroPage(LAYOUT.pages()));
    }

    @Test
    void populatingAllocatesEveryPageAndChangesNoByte() throws Exception {
        writePage(42, (byte) 5, 100);
        MappedGuestMemory m = MappedGuestMemory.map(file, LAYOUT);

        m.populate();

        assertEquals(LAYOUT.memoryBytes(), allocatedBytes(), "every page allocated");
        assertEquals(5, m.view(42, 1).get(100));
        assertFalse(m.isZeroPage(42));
        assertTrue(m.isZeroPage(43));
        assertEquals(0, m.nextDataPage(0), "a populated file is one data extent");
        assertEquals(LAYOUT.pages(), m.nextZeroExtent(0));
    }

    private boolean mappedHere() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.endsWith(file.toString()));
    }

    @Test
    void releasingTakesTheFileOutOfTheProcessAtOnceAndLateViewsReadZeros() throws Exception {
        MappedGuestMemory m = MappedGuestMemory.map(file, LAYOUT);
        ByteBuffer view = m.view(3, 1);
        m.writePage(3, ByteBuffer.allocate(PAGE).put(0, (byte) 0x5a));
        assertTrue(mappedHere(), "mapped before the release");

        assertEquals(1, m.release(), "one window (64 MiB) detached");

        assertFalse(mappedHere(), "no mapping of the file left, without waiting for the garbage collector");
        assertEquals(0, view.get(0), "a view handed out before reads zeros, and does not fault");
        view.put(1, (byte) 9);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(2);
            ch.read(b, 3L * PAGE);
            assertEquals(0x5a, b.get(0), "what was written through the mapping stays in the file");
            assertEquals(0, b.get(1), "a write after the release never reaches the file");
        }
    }
}
