package org.bhyvirt.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bhyvirt.emulator.cli.MemSize;
import org.bhyvirt.emulator.guest.GuestImageHeader;
import org.bhyvirt.emulator.guest.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guest image headers and memory sizes parse as documented. */
class GuestImageHeaderTest {
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
    void guestImageWritesAPaddedHeaderThatParsesBackToTheOptions() throws Exception {
        Path img = emu.guestImage("g.img", "--working-set", "256MiB", "--write-rate", "64MiB/s", "--pattern", "random",
                "--free", "20%", "--zero", "10%", "--acpi", "ignore", "--size", "2MiB");
        assertEquals(2L << 20, Files.size(img));
        byte[] bytes = Files.readAllBytes(img);
        String text = new String(bytes, 0, 512, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("BHYVIRT-EMULATED-GUEST 1\n"));
        assertEquals(0, bytes[511]);
        Workload w = GuestImageHeader.read(img);
        assertEquals(256L << 20, w.workingSetBytes());
        assertEquals(64L << 20, w.writeRate());
        assertEquals(Workload.Pattern.RANDOM, w.pattern());
        assertEquals(0.2, w.freeShare(), 1e-9);
        assertEquals(0.1, w.zeroShare(), 1e-9);
        assertEquals(Workload.Acpi.IGNORE, w.acpi());
        assertEquals(w, GuestImageHeader.parse(GuestImageHeader.format(w)));
    }

    @Test
    void aDiskWithoutHeaderIdlesAndBadHeadersAreRefused() throws Exception {
        assertEquals(Workload.IDLE, GuestImageHeader.read(emu.plainDisk("p.img")));
        assertThrows(IllegalArgumentException.class, () -> GuestImageHeader.parse("BHYVIRT-EMULATED-GUEST 1\nspeed=fast\n"));
        assertThrows(IllegalArgumentException.class, () -> GuestImageHeader.parse("BHYVIRT-EMULATED-GUEST 1\nfree=70%\nzero=40%\n"));
        assertThrows(IllegalArgumentException.class, () -> GuestImageHeader.parse("BHYVIRT-EMULATED-GUEST 1\npattern=zigzag\n"));
        assertEquals(1, emu.run("bhyve-emu", "guest-image", "--pattern", "zigzag", emu.dir().resolve("z.img").toString()).exit());
    }

    @Test
    void memorySizesFollowVmParseMemsize() {
        assertEquals(214L << 20, MemSize.parse("214").getAsLong());
        assertEquals(6L << 30, MemSize.parse("6G").getAsLong());
        assertEquals(512L << 20, MemSize.parse("512m").getAsLong());
        assertEquals(2L << 20, MemSize.parse("2097152").getAsLong());
        assertTrue(MemSize.parse("12Q").isEmpty());
        assertTrue(MemSize.parse("").isEmpty());
    }
}
