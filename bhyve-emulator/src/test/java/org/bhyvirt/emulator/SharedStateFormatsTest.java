package org.bhyvirt.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bhyvirt.emulator.cli.Getopt;
import org.bhyvirt.emulator.control.Json;
import org.bhyvirt.emulator.guest.VcpuState;
import org.bhyvirt.emulator.snapshot.CheckpointMeta;
import org.bhyvirt.emulator.snapshot.KernelState;
import org.bhyvirt.emulator.vm.DirtyBitmap;
import org.bhyvirt.emulator.vm.MemoryLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's shared files and saved-state formats round-trip and agree across mappings. */
class SharedStateFormatsTest {
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
    void aDirtyBitSetThroughOneMappingIsSeenAndClearedThroughAnother() throws IOException {
        MemoryLayout layout = new MemoryLayout(6L << 30);
        Path file = emu.dir().resolve("dirty");
        try (DirtyBitmap guest = DirtyBitmap.open(file, layout, true);
             DirtyBitmap migration = DirtyBitmap.open(file, layout, false)) {
            long high = layout.lowmem() / 4096 + 5;
            guest.markDirty(3);
            guest.markDirty(high);
            assertTrue(migration.isDirty(3));
            assertTrue(migration.testAndClear(high));
            assertFalse(migration.testAndClear(high), "a cleared bit stays clear until the guest writes again");
            assertFalse(guest.isDirty(high));
            assertEquals(1, guest.count());
            byte[] raw = Files.readAllBytes(file);
            assertEquals(1 << 3, raw[0], "page 3 is bit 3 of the first little-endian word");
            assertThrows(IndexOutOfBoundsException.class, () -> guest.markDirty(layout.pages()));
        }
    }

    @Test
    void kernelStateRoundTrips() throws IOException {
        KernelState k = new KernelState("BHYVIRT-EMULATED-GUEST 1\nfree=20%\n",
                List.of(new VcpuState(0, 42, 7, 100, 12345), new VcpuState(1, -3, 0, 99, 1)),
                List.of("0:0,hostbridge", "2:0,ahci"));
        assertEquals(k, KernelState.fromBytes(k.toBytes()));
        byte[] cut = java.util.Arrays.copyOf(k.toBytes(), 30);
        assertThrows(IOException.class, () -> KernelState.fromBytes(cut));
    }

    @Test
    void checkpointMetaRoundTripsAndRefusesForeignFiles() {
        CheckpointMeta m = new CheckpointMeta(1, "vm\"1", 6L << 30, 3L << 30, 3L << 30, 4,
                List.of("0:0,hostbridge", "3:0,virtio-net"), 321);
        assertEquals(m, CheckpointMeta.fromJson(m.toJson()));
        assertThrows(IllegalArgumentException.class, () -> CheckpointMeta.fromJson("{\"basic metadata\":{}}"));
    }

    @Test
    void jsonParsesWhatItWritesAndRefusesGarbage() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("s", "a\nb\"c\u0001");
        m.put("n", -5L);
        m.put("b", true);
        m.put("l", List.of(1L, "x"));
        m.put("z", null);
        assertEquals(m, Json.parse(Json.write(m)));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(100)));
    }

    @Test
    void getoptStopsAtTheFirstOperandAndReportsBsdMessages() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        Getopt g = new Getopt("bhyve", new String[] {"-AHm64", "-s", "0,hostbridge", "vm", "-x"}, "AHm:s:", ps);
        assertEquals('A', g.next());
        assertEquals('H', g.next());
        assertEquals('m', g.next());
        assertEquals("64", g.optarg());
        assertEquals('s', g.next());
        assertEquals("0,hostbridge", g.optarg());
        assertEquals(-1, g.next());
        assertEquals(3, g.optind());
        Getopt bad = new Getopt("bhyve", new String[] {"-q", "-m"}, "m:", ps);
        assertEquals('?', bad.next());
        assertEquals('?', bad.next());
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("bhyve: illegal option -- q"), text);
        assertTrue(text.contains("bhyve: option requires an argument -- m"), text);
    }
}
