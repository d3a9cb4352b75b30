package org.bhyvirt.driver.vmm.emulated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.VmState;
import org.bhyvirt.driver.vmm.Vmm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmulatedVmmTest {
    private static final long GIB = 1L << 30;
    private static final long HEADER_MAGIC = 0x3154534756594842L;
    private EmuHost host;

    @BeforeEach
    void setUp() throws IOException {
        host = new EmuHost();
    }

    @AfterEach
    void tearDown() throws IOException {
        host.close();
    }

    private Path idleDisk() throws IOException {
        Path disk = host.dir.resolve("idle.img");
        Files.write(disk, new byte[4096]);
        return disk;
    }

    private Path writingDisk(String rate) throws IOException, InterruptedException {
        return host.guestImage("w.img", "--working-set", "16MiB", "--write-rate", rate, "--pattern", "random",
                "--free", "80%");
    }

    private void awaitPopulated(String vm) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Boolean.TRUE.equals(host.ctl(vm, "status", null).get("populated"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(vm + " did not finish populating in 30 s");
            }
            Thread.sleep(50); // the guest reports population only through status
        }
    }

    @Test
    void aOneGibGuestIsMappedAsOneLowmemSegmentWithItsHeaderAtPageZero() throws Exception {
        host.boot("g", "1G", 1, idleDisk(), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("g");
        assertEquals(MemoryLayout.of(GIB), vmm.layout());
        ByteBuffer page = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
        vmm.memory().readPage(0, page);
        assertEquals(HEADER_MAGIC, page.getLong(0));
        assertEquals(GIB, page.getLong(16));
        assertFalse(vmm.incoming());
    }

    @Test
    void aSixGibGuestsHighmemPageAtFourGibIsFileOffsetThreeGib() throws Exception {
        host.boot("big", "6G", 1, idleDisk(), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("big");
        MemoryLayout l = vmm.layout();
        assertEquals(MemoryLayout.of(6 * GIB), l);
        ByteBuffer stamp = ByteBuffer.allocate(4096);
        for (int i = 0; i < 4096; i += 8) {
            stamp.putLong(i, 0x0123_4567_89AB_CDEFL ^ i);
        }
        vmm.memory().write(4 * GIB + 8192, stamp.duplicate());
        ByteBuffer back = ByteBuffer.allocate(4096);
        vmm.memory().readPage(l.lowmemBytes() / 4096 + 2, back);
        assertArrayEquals(stamp.array(), back.array());
        ByteBuffer inFile = ByteBuffer.allocate(4096);
        try (FileChannel ch = FileChannel.open(host.dir.resolve("vmm/big/mem"), StandardOpenOption.READ)) {
            ch.read(inFile, 3 * GIB + 8192);
        }
        assertArrayEquals(stamp.array(), inFile.array());
        assertFalse(vmm.memory().isZeroPage(l.pageOfGpa(4 * GIB + 8192)));
        assertTrue(vmm.memory().isZeroPage(l.pageOfGpa(6 * GIB)));
        assertEquals(0, Files.size(host.dir.resolve("vmm/big/mem")) - 6 * GIB);
    }

    @Test
    void pagesWrittenByPageIndexAreReadBackByGpaAndViewsShareTheMemory() throws Exception {
        host.boot("g", "256M", 1, idleDisk(), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("g");
        ByteBuffer src = ByteBuffer.allocate(8192);
        for (int i = 0; i < 8192; i++) {
            src.put(i, (byte) (i * 31 + 7));
        }
        vmm.memory().writePage(1000, src);
        vmm.memory().writePage(1001, src);
        assertEquals(8192, src.position());
        ByteBuffer back = ByteBuffer.allocate(8192);
        vmm.memory().read(1000L * 4096, back);
        assertArrayEquals(src.array(), back.array());
        ByteBuffer view = vmm.memory().view(1000, 2);
        assertEquals(src.get(5000), view.get(5000));
        view.put(5000, (byte) 0x5A);
        ByteBuffer one = ByteBuffer.allocate(4096);
        vmm.memory().readPage(1001, one);
        assertEquals(0x5A, one.get(5000 - 4096));
        assertThrows(IndexOutOfBoundsException.class, () -> vmm.memory().readPage(65_536, ByteBuffer.allocate(4096)));
        assertThrows(IndexOutOfBoundsException.class, () -> vmm.memory().view(262_143, 2));
    }

    @Test
    void aWritingGuestsDirtyListIsNonEmptyAndCollectAndClearEmptiesIt() throws Exception {
        host.boot("w", "256M", 2, writingDisk("8MiB/s"), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("w");
        DirtyPages first = vmm.collectAndClearDirty();
        assertTrue(first.count() > 0, "a guest that wrote since boot has dirty pages");
        assertTrue(first.isDirty(0), "the header page was written at boot");
        vmm.pause();
        vmm.collectAndClearDirty();
        assertTrue(vmm.collectAndClearDirty().isEmpty(), "collect-and-clear leaves nothing behind");
        assertEquals(0, EmuHost.num(host.ctl("w", "status", null), "dirtyPages"));
        vmm.resume();
        Thread.sleep(300); // let the guest write for a while
        assertTrue(vmm.collectAndClearDirty().count() > 0, "writes after the clear are collected");
    }

    @Test
    void pauseKeepsMemoryUnchangedAndResumeRestartsTheWrites() throws Exception {
        host.boot("p", "256M", 2, writingDisk("16MiB/s"), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("p");
        vmm.pause();
        assertTrue(vmm.paused());
        vmm.pause();
        vmm.collectAndClearDirty();
        long written = EmuHost.num(host.ctl("p", "status", null), "pagesWritten");
        long before = crcOfMemory(vmm);
        long uptime = EmuHost.num(host.ctl("p", "status", null), "uptimeMs");
        Thread.sleep(500); // the interval over which nothing may change
        assertEquals(before, crcOfMemory(vmm), "no guest write while paused");
        assertTrue(vmm.collectAndClearDirty().isEmpty());
        assertEquals(written, EmuHost.num(host.ctl("p", "status", null), "pagesWritten"));
        assertEquals(uptime, EmuHost.num(host.ctl("p", "status", null), "uptimeMs"), "the clock stops too");
        vmm.resume();
        assertFalse(vmm.paused());
        Thread.sleep(300); // let the guest write again
        assertTrue(EmuHost.num(host.ctl("p", "status", null), "pagesWritten") > written);
        assertTrue(crcOfMemory(vmm) != before);
    }

    private static long crcOfMemory(Vmm vmm) {
        CRC32C c = new CRC32C();
        long pages = vmm.layout().pages();
        int window = vmm.memory().windowPages();
        for (long p = 0; p < pages; p += window) {
            c.update(vmm.memory().view(p, (int) Math.min(window, pages - p)));
        }
        return c.getValue();
    }

    @Test
    void throttlingSeventyFivePercentCutsTheWriteRateByMoreThanHalf() throws Exception {
        host.boot("t", "256M", 2, writingDisk("16MiB/s"), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("t");
        awaitPopulated("t");
        long free = writesDuring(1500);
        vmm.throttle(75);
        assertEquals(75, EmuHost.num(host.ctl("t", "status", null), "throttlePercent"));
        Thread.sleep(200); // let the throttle take hold
        long throttled = writesDuring(1500);
        assertTrue(throttled < free * 0.6, "throttled " + throttled + " pages vs " + free + " unthrottled");
        assertTrue(throttled > 0, "a throttled guest still runs");
        vmm.throttle(0);
        Thread.sleep(200); // let the vCPUs leave their throttle sleep
        long again = writesDuring(1500);
        assertTrue(again > throttled * 1.5, "unthrottled again: " + again + " vs throttled " + throttled);
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> vmm.throttle(100));
        assertEquals(VirErrorNumber.INVALID_ARG, e.number());
    }

    private long writesDuring(long millis) throws InterruptedException {
        long a = EmuHost.num(host.ctl("t", "status", null), "pagesWritten");
        Thread.sleep(millis); // the measuring interval
        return EmuHost.num(host.ctl("t", "status", null), "pagesWritten") - a;
    }

    @Test
    void aRestoredStateMakesTheGuestContinueFromItAndSavesBackIdentically() throws Exception {
        host.boot("s", "256M", 2, writingDisk("16MiB/s"), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("s");
        vmm.pause();
        VmState saved = vmm.saveState();
        long at = EmuHost.num(host.ctl("s", "status", null), "pagesWritten");
        assertEquals(EmulatedVmm.STATE_FORMAT, saved.metadata().format());
        assertEquals(2, saved.metadata().vcpus());
        assertEquals(256L << 20, saved.metadata().memoryBytes());
        assertEquals(java.util.List.of("0:0,hostbridge", "2:0,ahci"), saved.metadata().devices());
        vmm.resume();
        Thread.sleep(300); // the guest moves on
        vmm.pause();
        assertTrue(EmuHost.num(host.ctl("s", "status", null), "pagesWritten") > at);
        vmm.restoreState(saved);
        assertEquals(at, EmuHost.num(host.ctl("s", "status", null), "pagesWritten"));
        assertEquals(saved, vmm.saveState());
        vmm.resume();
        Thread.sleep(200); // the guest continues from the restored state
        Map<String, Object> check = host.ctl("s", "self-check", null);
        assertEquals(Boolean.TRUE, check.get("healthy"), check.toString());
        assertTrue(EmuHost.num(host.ctl("s", "status", null), "pagesWritten") > at);
        assertTrue(Files.list(host.dir.resolve("staging")).findAny().isEmpty(), "state files are removed");
    }

    @Test
    void savingOrRestoringStateOfRunningVcpusIsRefused() throws Exception {
        host.boot("r", "256M", 1, idleDisk(), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("r");
        BhyveDriverException e = assertThrows(BhyveDriverException.class, vmm::saveState);
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
        vmm.pause();
        VmState s = vmm.saveState();
        vmm.resume();
        e = assertThrows(BhyveDriverException.class, () -> vmm.restoreState(s));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
    }

    @Test
    void aStateOfAnotherGuestShapeIsRefusedAsUnsupported() throws Exception {
        host.boot("a", "256M", 1, idleDisk(), EmuHost.Hooks.OFF);
        Vmm a = host.open("a");
        a.pause();
        VmState one = a.saveState();
        Path disk2 = host.dir.resolve("idle2.img");
        Files.write(disk2, new byte[4096]);
        host.boot("c", "256M", 2, disk2, EmuHost.Hooks.OFF);
        Vmm c = host.open("c");
        c.pause();
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> c.restoreState(one));
        assertEquals(VirErrorNumber.CONFIG_UNSUPPORTED, e.number(), e.getMessage());
        Vmm small = host.createIncoming("d", MemoryLayout.of(128L << 20));
        e = assertThrows(BhyveDriverException.class, () -> small.stageResume(one, host.dir.resolve("x")));
        assertEquals(VirErrorNumber.CONFIG_UNSUPPORTED, e.number());
    }

    @Test
    void anIncomingVmHasZeroMemoryNoGuestAndRefusesGuestOperations() throws Exception {
        Vmm in = host.createIncoming("in", MemoryLayout.of(6 * GIB));
        assertTrue(in.incoming());
        assertEquals(6 * GIB, Files.size(host.dir.resolve("vmm/in/mem")));
        assertTrue(in.memory().isZeroPage(in.layout().pages() - 1));
        assertTrue(in.collectAndClearDirty().isEmpty());
        BhyveDriverException e = assertThrows(BhyveDriverException.class, in::pause);
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
        e = assertThrows(BhyveDriverException.class, () -> host.createIncoming("in", MemoryLayout.of(GIB)));
        assertEquals(VirErrorNumber.DOM_EXIST, e.number());
        e = assertThrows(BhyveDriverException.class, () -> host.open("nobody"));
        assertEquals(VirErrorNumber.NO_DOMAIN, e.number());
        e = assertThrows(BhyveDriverException.class, () -> host.open("../x"));
        assertEquals(VirErrorNumber.INVALID_ARG, e.number());
    }

    @Test
    void stagingAResumeOnAVmWhoseGuestRunsIsRefused() throws Exception {
        host.boot("run", "256M", 1, idleDisk(), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("run");
        vmm.pause();
        VmState s = vmm.saveState();
        BhyveDriverException e = assertThrows(BhyveDriverException.class,
                () -> vmm.stageResume(s, host.dir.resolve("cp")));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
    }

    @Test
    void theDropDirtyHookIsRefusedUnlessBhyveRunsWithTestHooks() throws Exception {
        host.boot("h", "256M", 1, idleDisk(), EmuHost.Hooks.OFF);
        ControlChannel c = new ControlChannel("h", host.dir.resolve("vmm/h/ctl.sock"));
        ControlChannel.Refused r = assertThrows(ControlChannel.Refused.class, () -> c.call("debug-drop-dirty", "5"));
        assertTrue(r.getMessage().contains("BHYVIRT_EMU_TEST_HOOKS"), r.getMessage());
    }

    @Test
    void aClosedVmmRefusesEveryOperation() throws Exception {
        host.boot("z", "256M", 1, idleDisk(), EmuHost.Hooks.OFF);
        Vmm vmm = host.open("z");
        vmm.close();
        BhyveDriverException e = assertThrows(BhyveDriverException.class, vmm::collectAndClearDirty);
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
    }
}
