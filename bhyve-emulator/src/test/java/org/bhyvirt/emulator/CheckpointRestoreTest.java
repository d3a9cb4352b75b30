package org.bhyvirt.emulator;

import static org.bhyvirt.emulator.Emulator.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bhyvirt.emulator.control.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkpoint, suspend and restore keep the guest's memory, boot id and uptime, as bhyve's do. */
class CheckpointRestoreTest {
    private Emulator emu;

    @BeforeEach
    void setUp() throws Exception {
        emu = new Emulator();
    }

    @AfterEach
    void tearDown() throws Exception {
        emu.close();
    }

    private static String[] bhyveArgs(String mem, Path disk, String... tail) {
        String[] head = {"-c", "2", "-m", mem, "-u", "-H", "-P", "-s", "0:0,hostbridge", "-s", "2:0,ahci,hd:" + disk};
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void checkpointWritesThreeFilesAndTheGuestKeepsRunning() throws Exception {
        Path disk = emu.guestImage("c.img", "--write-rate", "16MiB/s", "--free", "60%");
        Process p = emu.boot("keeper", "64M", 2, disk);
        Path file = emu.dir().resolve("keeper.ckp");
        Emulator.Result r = emu.run("bhyvectl", "--vm=keeper", "--checkpoint=" + file);
        assertEquals(0, r.exit(), r.err());
        assertEquals(64L << 20, Files.size(file));
        assertTrue(Files.size(Path.of(file + ".kern")) > 0);
        Map<String, Object> meta = Json.parseObject(Files.readString(Path.of(file + ".meta")));
        assertEquals(64L << 20, num(meta, "memsize"));
        assertEquals(2L, num(meta, "ncpus"));
        assertEquals("keeper", meta.get("vmname"));
        assertTrue(p.isAlive());
        long before = num(emu.ctl("keeper", "status"), "pagesWritten");
        Thread.sleep(300);
        assertTrue(num(emu.ctl("keeper", "status"), "pagesWritten") > before, "still writing after the checkpoint");
        assertEquals(0L, num(emu.ctl("keeper", "self-check"), "stalePages"));
    }

    @Test
    void suspendExitsZeroAndRestoreContinuesWithTheSameBootIdAndHealthyMemory() throws Exception {
        Path disk = emu.guestImage("s.img", "--working-set", "30%", "--write-rate", "16MiB/s", "--pattern", "sequential",
                "--zero", "10%");
        Process p = emu.boot("sleeper", "64M", 2, disk);
        Thread.sleep(600);
        Map<String, Object> before = emu.ctl("sleeper", "status");
        Path file = emu.dir().resolve("sleeper.ckp");
        Emulator.Result r = emu.run("bhyvectl", "--vm=sleeper", "--suspend=" + file);
        assertEquals(0, r.exit(), r.err());
        assertEquals(0, emu.awaitExit(p));
        assertFalse(Files.exists(emu.vmDir("sleeper")), "suspend destroys the VM");
        assertEquals(0, emu.run("bhyveload", "-m", "64M", "-d", disk.toString(), "sleeper").exit());
        Process restored = emu.start("bhyve", bhyveArgs("64M", disk, "-r", file.toString(), "sleeper"));
        emu.awaitControl("sleeper", restored);
        Map<String, Object> after = emu.ctl("sleeper", "status");
        assertEquals(before.get("bootId"), after.get("bootId"));
        assertTrue(num(after, "uptimeMs") >= num(before, "uptimeMs"), before + " -> " + after);
        assertTrue(num(after, "pagesWritten") >= num(before, "pagesWritten"));
        Map<String, Object> c = emu.ctl("sleeper", "self-check");
        assertTrue(num(c, "checkedPages") > 0);
        assertEquals(0L, num(c, "stalePages"));
        assertEquals(0L, num(c, "corruptPages"));
        emu.ctl("sleeper", "poweroff");
        assertEquals(1, emu.awaitExit(restored));
        assertEquals(0, emu.run("bhyvectl", "--vm=sleeper", "--destroy").exit());
        assertFalse(Files.exists(emu.dir().resolve("vmm").resolve("sleeper")));
    }

    @Test
    void aRestoreWithAnotherMemorySizeIsRefused() throws Exception {
        Path disk = emu.plainDisk("m.img");
        emu.boot("small", "64M", 2, disk);
        Path file = emu.dir().resolve("small.ckp");
        assertEquals(0, emu.run("bhyvectl", "--vm=small", "--checkpoint=" + file).exit());
        assertEquals(0, emu.run("bhyveload", "-m", "128M", "-d", disk.toString(), "big").exit());
        Emulator.Result r = emu.run("bhyve", bhyveArgs("128M", disk, "-r", file.toString(), "big"));
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("-m gives 134217728 bytes"), r.err());
        assertFalse(Files.exists(emu.vmDir("big").resolve("ctl.sock")));
    }
}
