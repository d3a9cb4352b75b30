package org.bhyvirt.emulator;

import static org.bhyvirt.emulator.Emulator.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.emulator.vm.DirtyBitmap;
import org.bhyvirt.emulator.vm.MemoryLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An emulated guest boots, runs its workload, checks itself and ends with bhyve's exit statuses. */
class GuestLifecycleTest {
    /** 64 MiB: 16384 pages, a 16-page generation table after the header page, data from page 17. */
    private static final long FIRST_DATA_PAGE = 17;
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
    void idleGuestBootsAndReportsStatusAndAHealthySelfCheck() throws Exception {
        emu.boot("idle", "64M", 2, emu.plainDisk("idle.img"));
        Map<String, Object> s = emu.ctl("idle", "status");
        assertEquals(Boolean.TRUE, s.get("running"));
        assertEquals(2L, num(s, "vcpus"));
        assertEquals(64L << 20, num(s, "memoryBytes"));
        assertEquals("idle", s.get("workload"));
        assertTrue(s.get("bootId").toString().matches("[0-9a-f-]{36}"));
        Map<String, Object> c = emu.ctl("idle", "self-check");
        assertEquals(0L, num(c, "stalePages"));
        assertEquals(0L, num(c, "corruptPages"));
        assertTrue(Files.isRegularFile(emu.vmDir("idle").resolve("bhyve.pid")));
    }

    @Test
    void writingGuestMakesProgressSetsDirtyBitsAndStaysConsistent() throws Exception {
        Path img = emu.guestImage("w.img", "--working-set", "50%", "--write-rate", "32MiB/s", "--pattern", "hotspot",
                "--free", "20%", "--zero", "10%");
        emu.boot("writer", "64M", 2, img);
        long first = num(emu.ctl("writer", "status"), "pagesWritten");
        Thread.sleep(700);
        Map<String, Object> later = emu.ctl("writer", "status");
        assertTrue(num(later, "pagesWritten") > first, "pages written grow: " + first + " -> " + later);
        assertTrue(num(later, "uptimeMs") > 0);
        Map<String, Object> c = emu.ctl("writer", "self-check");
        assertTrue(num(c, "checkedPages") > 16384 / 2, "populated pages are checked: " + c);
        assertEquals(0L, num(c, "stalePages"));
        assertEquals(0L, num(c, "corruptPages"));
        MemoryLayout layout = new MemoryLayout(64L << 20);
        try (DirtyBitmap dirty = DirtyBitmap.open(emu.vmDir("writer").resolve("dirty"), layout, false)) {
            assertTrue(dirty.isDirty(FIRST_DATA_PAGE), "a written page's dirty bit is set");
            assertFalse(dirty.isDirty(layout.pages() - 1), "a free page stays clean");
        }
    }

    @Test
    void aCorruptedAndAStalePageAreDetected() throws Exception {
        Path img = emu.guestImage("still.img", "--write-rate", "0B/s", "--free", "50%");
        emu.boot("victim", "64M", 1, img);
        awaitPopulated("victim");
        assertEquals(0L, num(emu.ctl("victim", "self-check"), "corruptPages"));
        Path mem = emu.vmDir("victim").resolve("mem");
        try (FileChannel ch = FileChannel.open(mem, StandardOpenOption.WRITE)) {
            ByteBuffer garbage = ByteBuffer.allocate(64);
            for (int i = 0; i < 64; i++) {
                garbage.put((byte) (i * 37 + 11));
            }
            ch.write(garbage.flip(), FIRST_DATA_PAGE * 4096 + 100);
            ch.write(ByteBuffer.allocate(4).putInt(0, Integer.reverseBytes(7)), 4096 + (FIRST_DATA_PAGE + 1) * 4);
        }
        Map<String, Object> c = emu.ctl("victim", "self-check");
        assertEquals(1L, num(c, "corruptPages"), c.toString());
        assertEquals(1L, num(c, "stalePages"), c.toString());
        assertEquals(FIRST_DATA_PAGE, num(c, "firstBadPage"));
    }

    private void awaitPopulated(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Boolean.TRUE.equals(emu.ctl(name, "status").get("populated"))) {
            assertTrue(System.nanoTime() < deadline, "guest populated its memory in 20 s");
        }
    }

    @Test
    void sigtermPowersTheGuestOffWithExitOne() throws Exception {
        Process p = emu.boot("term", "64M", 1, emu.plainDisk("t.img"));
        p.destroy();
        assertEquals(1, emu.awaitExit(p));
        assertFalse(Files.exists(emu.vmDir("term").resolve("ctl.sock")), "the control socket is gone");
        assertTrue(Files.exists(emu.vmDir("term")), "the VM outlives its bhyve until destroyed");
    }

    @Test
    void aGuestThatIgnoresAcpiSurvivesSigterm() throws Exception {
        Process p = emu.boot("stubborn", "64M", 1, emu.guestImage("i.img", "--acpi", "ignore", "--write-rate", "1MiB/s"));
        p.destroy();
        assertFalse(p.waitFor(1500, TimeUnit.MILLISECONDS), "still running after SIGTERM");
        assertEquals("ignore", emu.ctl("stubborn", "status").get("acpi"));
        emu.ctl("stubborn", "poweroff");
        assertEquals(1, emu.awaitExit(p));
    }

    /** Guest events and bhyve's exit status for each. */
    enum GuestEnd {
        REBOOT("reboot", 0), POWEROFF("poweroff", 1), HALT("halt", 2), TRIPLE_FAULT("triple-fault", 3), ERROR("error", 4);

        final String command;
        final int exit;

        GuestEnd(String command, int exit) {
            this.command = command;
            this.exit = exit;
        }
    }

    @ParameterizedTest
    @EnumSource(GuestEnd.class)
    void eachGuestEndGivesBhyvesExitStatus(GuestEnd end) throws Exception {
        Process p = emu.boot("ender", "32M", 1, emu.plainDisk("e.img"));
        Map<String, Object> answer = emu.ctl("ender", end.command);
        assertEquals((long) end.exit, num(answer, "exitStatus"));
        assertEquals(end.exit, emu.awaitExit(p));
    }

    @Test
    void aSecondBhyveForARunningVmIsRefused() throws Exception {
        Path disk = emu.plainDisk("s.img");
        Process first = emu.boot("single", "32M", 1, disk);
        Emulator.Result second = emu.run("bhyve", "-c", "1", "-m", "32M", "-s", "0:0,hostbridge",
                "-s", "2:0,ahci,hd:" + disk, "single");
        assertEquals(4, second.exit());
        assertTrue(second.err().contains("already running"), second.err());
        assertTrue(first.isAlive());
    }

    @Test
    void destroyKillsTheBhyveAndRemovesEverything() throws Exception {
        Process p = emu.boot("doomed", "64M", 1, emu.guestImage("d.img", "--write-rate", "8MiB/s"));
        Emulator.Result r = emu.run("bhyvectl", "--vm=doomed", "--destroy");
        assertEquals(0, r.exit(), r.err());
        assertNotEquals(0, emu.awaitExit(p));
        assertFalse(Files.exists(emu.vmDir("doomed")));
        Emulator.Result again = emu.run("bhyvectl", "--vm=doomed", "--destroy");
        assertEquals(1, again.exit());
    }

    @Test
    void rebootIsANewBootWithFreshMemoryAndANewBootId() throws Exception {
        Path disk = emu.guestImage("r.img", "--write-rate", "4MiB/s");
        Process p = emu.boot("again", "32M", 1, disk);
        String bootId = emu.ctl("again", "status").get("bootId").toString();
        emu.ctl("again", "reboot");
        assertEquals(0, emu.awaitExit(p));
        assertEquals(0, emu.run("bhyvectl", "--vm=again", "--destroy").exit());
        emu.boot("again", "32M", 1, disk);
        Map<String, Object> s = emu.ctl("again", "status");
        assertNotEquals(bootId, s.get("bootId"));
        assertEquals(0L, num(emu.ctl("again", "self-check"), "stalePages"));
    }

    @Test
    void stoppedTimeDoesNotCountAsUptimeAndAnIdleGuestUsesAlmostNoCpu() throws Exception {
        Process p = emu.boot("sleepy", "32M", 2, emu.plainDisk("z.img"));
        Thread.sleep(1500);
        long ticks0 = cpuTicks(p.pid());
        long up0 = num(emu.ctl("sleepy", "status"), "uptimeMs");
        assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor());
        Thread.sleep(2500);
        assertEquals(0, new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor());
        Thread.sleep(500);
        long up1 = num(emu.ctl("sleepy", "status"), "uptimeMs");
        long ticks1 = cpuTicks(p.pid());
        assertTrue(up1 - up0 < 2000, "3 s wall clock with 2.5 s stopped added " + (up1 - up0) + " ms of uptime");
        assertTrue(up1 > up0);
        assertTrue(ticks1 - ticks0 < 60, "idle guest used " + (ticks1 - ticks0) + " clock ticks in 3 s (incl. two status answers)");
    }

    @Test
    void destroyOnPowerOffRemovesTheVm() throws Exception {
        Process p = emu.boot("once", "32M", 1, emu.plainDisk("o.img"), "-D");
        emu.ctl("once", "poweroff");
        assertEquals(1, emu.awaitExit(p));
        assertFalse(Files.exists(emu.vmDir("once")));
    }

    @Test
    void aControlRequestToAStoppedGuestTimesOutInsteadOfHanging() throws Exception {
        Process p = emu.boot("frozen", "32M", 1, emu.plainDisk("f.img"));
        assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(p.pid())).start().waitFor());
        try {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> org.bhyvirt.emulator.control.ControlClient.request(emu.vmDir("frozen").resolve("ctl.sock"),
                            "status", null, java.time.Duration.ofMillis(500)));
            assertTrue(e.getMessage().contains("within 500 ms"), e.getMessage());
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).start().waitFor();
        }
        assertEquals(Boolean.TRUE, emu.ctl("frozen", "status").get("running"));
    }

    @Test
    void bhyveRefusesAMemorySizeOtherThanTheLoadersAndLeavesTheVmAsItWas() throws Exception {
        Path disk = emu.plainDisk("l.img");
        assertEquals(0, emu.run("bhyveload", "-m", "64M", "-d", disk.toString(), "sized").exit());
        Emulator.Result r = emu.run("bhyve", "-m", "128M", "-s", "0:0,hostbridge", "-s", "2:0,ahci,hd:" + disk, "sized");
        assertEquals(4, r.exit());
        assertTrue(r.err().contains("Unable to setup memory (22)"), r.err());
        assertEquals(64L << 20, Files.size(emu.vmDir("sized").resolve("mem")));
        assertFalse(Files.exists(emu.vmDir("sized").resolve("ctl.sock")));
    }

    private static long cpuTicks(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
