package org.bhyvirt.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ifconfig stand-in creates, bridges and destroys taps as libvirt's bhyve driver needs them. */
class IfconfigTest {
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
    void tapLifecycleInABridge() throws Exception {
        assertEquals("bridge0", emu.run("ifconfig", "bridge", "create").out().strip());
        String tap = emu.run("ifconfig", "tap", "create").out().strip();
        assertEquals("tap0", tap);
        assertEquals(0, emu.run("ifconfig", "bridge0", "addm", tap).exit());
        assertEquals(0, emu.run("ifconfig", tap, "up").exit());
        assertTrue(emu.run("ifconfig", "bridge0").out().contains("members=tap0"));
        assertTrue(emu.run("ifconfig", tap).out().contains("flags=UP"));
        assertEquals(0, emu.run("ifconfig", "bridge0", "deletem", tap).exit());
        assertEquals(0, emu.run("ifconfig", tap, "destroy").exit());
        Emulator.Result gone = emu.run("ifconfig", tap, "up");
        assertEquals(1, gone.exit());
        assertTrue(gone.err().contains("interface tap0 does not exist"), gone.err());
        assertEquals(1, emu.run("ifconfig", "bridge9", "addm", "tap0").exit());
    }

    @Test
    void concurrentTapCreatesGetDistinctNames() throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ps.add(emu.start("ifconfig", "tap", "create"));
        }
        var names = new HashSet<String>();
        for (Process p : ps) {
            Emulator.Result r = emu.result(p);
            assertEquals(0, r.exit(), r.err());
            names.add(r.out().strip());
        }
        assertEquals(6, names.size(), names.toString());
    }
}
