package org.bhyvirt.emulator;

import static org.bhyvirt.emulator.Emulator.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bhyvirt.emulator.control.Json;
import org.bhyvirt.emulator.snapshot.CheckpointMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control commands a migration's Vmm uses, and the restore of a checkpoint whose memory is in place. */
class VmmCommandsTest {
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
        List<String> a = new java.util.ArrayList<>(List.of("-c", "2", "-m", mem, "-u", "-H", "-P", "-s", "0:0,hostbridge",
                "-s", "2:0,ahci,hd:" + disk));
        a.addAll(List.of(tail));
        return a.toArray(String[]::new);
    }

    private Emulator.Result refused(String vm, String... command) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of("ctl", "--vm=" + vm));
        a.addAll(List.of(command));
        Emulator.Result r = emu.run("bhyve-emu", a.toArray(String[]::new));
        assertEquals(1, r.exit(), "expected a refusal of " + command[0] + ": " + r.out());
        return r;
    }

    @Test
    void pauseAndResumeAreIdempotentAndStatusReportsThem() throws Exception {
        Path disk = emu.guestImage("p.img", "--write-rate", "8MiB/s", "--working-set", "8MiB");
        emu.boot("p", "64M", 2, disk);
        assertEquals(Boolean.TRUE, emu.ctl("p", "pause").get("paused"));
        assertEquals(Boolean.TRUE, emu.ctl("p", "pause").get("paused"));
        assertEquals(Boolean.TRUE, emu.ctl("p", "status").get("paused"));
        long written = num(emu.ctl("p", "status"), "pagesWritten");
        assertEquals(0L, num(emu.ctl("p", "self-check"), "stalePages"));
        Thread.sleep(300); // a self-check inside a pause must not end the pause
        assertEquals(written, num(emu.ctl("p", "status"), "pagesWritten"));
        assertEquals(Boolean.FALSE, emu.ctl("p", "resume").get("paused"));
        assertEquals(Boolean.FALSE, emu.ctl("p", "resume").get("paused"));
        Thread.sleep(300); // the guest writes again
        assertTrue(num(emu.ctl("p", "status"), "pagesWritten") > written);
    }

    @Test
    void throttleTakesAPercentageFromZeroToNinetyNine() throws Exception {
        emu.boot("t", "64M", 2, emu.plainDisk("t.img"));
        assertEquals(40L, num(emu.ctl("t", "throttle", "40"), "throttlePercent"));
        assertEquals(40L, num(emu.ctl("t", "status"), "throttlePercent"));
        assertTrue(refused("t", "throttle", "100").err().contains("outside 0..99"));
        assertTrue(refused("t", "throttle", "-1").err().contains("outside 0..99"));
        assertTrue(refused("t", "throttle", "fast").err().contains("needs a number"));
    }

    @Test
    void saveAndRestoreStateAreRefusedWhileTheVcpusRun() throws Exception {
        emu.boot("r", "64M", 2, emu.plainDisk("r.img"));
        Path file = emu.dir().resolve("st");
        assertTrue(refused("r", "save-state", file.toString()).err().contains("paused"));
        assertTrue(refused("r", "restore-state", file.toString()).err().contains("paused"));
        assertFalse(Files.exists(Path.of(file + ".kern")));
    }

    @Test
    void theDropDirtyHookIsRefusedWithoutTestHooks() throws Exception {
        emu.boot("d", "64M", 2, emu.plainDisk("d.img"));
        assertTrue(refused("d", "debug-drop-dirty", "5").err().contains("BHYVIRT_EMU_TEST_HOOKS"));
    }

    @Test
    void aSavedStateWithMemoryInPlaceRestartsTheGuestFromTheVmsOwnMemory() throws Exception {
        Path disk = emu.guestImage("m.img", "--write-rate", "16MiB/s", "--working-set", "8MiB");
        Process first = emu.boot("m", "64M", 2, disk);
        emu.ctl("m", "pause");
        Path file = emu.dir().resolve("m.state");
        Map<String, Object> saved = emu.ctl("m", "save-state", file.toString());
        assertEquals(Files.size(Path.of(file + ".kern")), num(saved, "kernSize"));
        assertFalse(Files.exists(file), "no memory file: the memory stays in the VM");
        Map<String, Object> before = emu.ctl("m", "status");
        emu.ctl("m", "poweroff");
        assertEquals(1, emu.awaitExit(first));
        CheckpointMeta meta = CheckpointMeta.fromJson(Files.readString(Path.of(file + ".meta")));
        assertTrue(meta.memoryInPlace());
        Process again = emu.start("bhyve", bhyveArgs("64M", disk, "-r", file.toString(), "m"));
        emu.awaitControl("m", again);
        Map<String, Object> after = emu.ctl("m", "status");
        assertEquals(before.get("bootId"), after.get("bootId"));
        assertTrue(num(after, "uptimeMs") >= num(before, "uptimeMs"));
        Map<String, Object> check = emu.ctl("m", "self-check");
        assertEquals(Boolean.TRUE, check.get("healthy"), check.toString());
    }

    @Test
    void anInPlaceRestoreIntoAVmWithoutThatMuchMemoryIsRefused() throws Exception {
        Path disk = emu.guestImage("n.img", "--write-rate", "1MiB/s", "--working-set", "1MiB");
        emu.boot("n", "64M", 2, disk);
        emu.ctl("n", "pause");
        Path file = emu.dir().resolve("n.state");
        emu.ctl("n", "save-state", file.toString());
        Emulator.Result load = emu.run("bhyveload", "-m", "32M", "-d", disk.toString(), "other");
        assertEquals(0, load.exit(), load.err());
        Emulator.Result r = emu.run("bhyve", bhyveArgs("64M", disk, "-r", file.toString(), "other"));
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("has no memory of 67108864 bytes"), r.err());
    }

    @Test
    void checkpointMetadataSaysWhereTheMemoryIs() {
        CheckpointMeta inPlace = new CheckpointMeta(1, "vm", 64L << 20, 64L << 20, 0, 2, List.of("0:0,hostbridge"), 99, true);
        assertEquals(inPlace, CheckpointMeta.fromJson(inPlace.toJson()));
        assertEquals("in-place", Json.parseObject(inPlace.toJson()).get("memory"));
        CheckpointMeta inFile = new CheckpointMeta(1, "vm", 64L << 20, 64L << 20, 0, 2, List.of(), 99);
        assertFalse(CheckpointMeta.fromJson(inFile.toJson()).memoryInPlace());
        String legacy = inFile.toJson().replace(",\"memory\":\"file\"", "");
        assertFalse(legacy.contains("memory"), legacy);
        assertFalse(CheckpointMeta.fromJson(legacy).memoryInPlace(), "absent means in the file");
        assertThrows(IllegalArgumentException.class,
                () -> CheckpointMeta.fromJson(inFile.toJson().replace("\"memory\":\"file\"", "\"memory\":\"elsewhere\"")));
    }
}
