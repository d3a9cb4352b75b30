package org.bhyvirt.emulator;

import static org.bhyvirt.emulator.Emulator.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bhyvirt.emulator.vm.MemoryLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guest memory is laid out as bhyve lays it out and costs only the pages touched. */
class MemoryLayoutTest {
    private static final long GIB = 1L << 30;
    private Emulator emu;

    @BeforeEach
    void setUp() throws Exception {
        emu = new Emulator();
    }

    @AfterEach
    void tearDown() throws Exception {
        emu.close();
    }

    @Test
    void lowmemEndsAtThreeGibAndHighmemStartsAtFourGib() {
        MemoryLayout six = new MemoryLayout(6 * GIB);
        assertEquals(3 * GIB, six.lowmem());
        assertEquals(3 * GIB, six.highmem());
        assertEquals(3 * GIB - 4096, six.gpa(3 * GIB / 4096 - 1));
        assertEquals(4 * GIB, six.gpa(3 * GIB / 4096));
        MemoryLayout small = new MemoryLayout(214L << 20);
        assertEquals(214L << 20, small.lowmem());
        assertEquals(0, small.highmem());
    }

    @Test
    void aSixGibGuestHasThreeGibLowmemAndThreeGibHighmemInASparseFile() throws Exception {
        emu.boot("huge", "6G", 1, emu.plainDisk("h.img"));
        Map<String, Object> s = emu.ctl("huge", "status");
        assertEquals(6 * GIB, num(s, "memoryBytes"));
        assertEquals(3 * GIB, num(s, "lowmemBytes"));
        assertEquals(3 * GIB, num(s, "highmemBytes"));
        Path mem = emu.vmDir("huge").resolve("mem");
        assertEquals(6 * GIB, Files.size(mem));
        assertEquals(6 * GIB / 4096 / 8, Files.size(emu.vmDir("huge").resolve("dirty")));
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", mem.toString()).start();
        String[] blocks = new String(stat.getInputStream().readAllBytes()).strip().split(" ");
        assertEquals(0, stat.waitFor());
        long allocated = Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
        assertTrue(allocated < 16L << 20, "only touched pages are allocated: " + allocated + " bytes");
        assertEquals(0L, num(emu.ctl("huge", "self-check"), "corruptPages"));
    }
}
