package org.bhyvirt.driver.vmm.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.VmState;
import org.bhyvirt.driver.vmm.Vmm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core claim for the migration engine: collect-and-clear then copy, repeated while the guest writes,
 * then pause and a final collect-and-copy, yields an exact copy of the guest's memory; a guest restored
 * from that copy through the incoming path passes its self-check and continues (same boot id, uptime
 * not reset). With dirty bits dropped on purpose, the same loop leaves stale pages the self-check finds.
 */
class PreCopyLoopTest {
    private EmuHost host;

    @BeforeEach
    void setUp() throws IOException {
        host = new EmuHost();
    }

    @AfterEach
    void tearDown() throws IOException {
        host.close();
    }

    /** What happens to the dirty log between the last live round and the pause. */
    enum DirtyLog { INTACT, SIXTY_FOUR_BITS_DROPPED }

    /** The guest migrated: its memory size and the shares of it never touched and holding zero pages. */
    enum Guest {
        SMALL("256M", "50%", "10%"),
        FOUR_GIB_WRITTEN_INTO_HIGHMEM("4G", "20%", "0%");

        final String mem;
        final String free;
        final String zero;

        Guest(String mem, String free, String zero) {
            this.mem = mem;
            this.free = free;
            this.zero = zero;
        }
    }

    private record Outcome(Map<String, Object> check, String sourceBootId, String targetBootId, long sourceUptime,
                           long targetUptime, Vmm target) {
    }

    private void awaitPopulated(String vm) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Boolean.TRUE.equals(host.ctl(vm, "status", null).get("populated"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(vm + " did not finish populating in 120 s");
            }
            Thread.sleep(100); // the guest reports population only through status
        }
    }

    private Outcome migrate(Guest guest, DirtyLog log) throws Exception {
        Path disk = host.guestImage("m.img", "--working-set", "32MiB", "--write-rate", "16MiB/s", "--pattern", "random",
                "--free", guest.free, "--zero", guest.zero);
        host.boot("src", guest.mem, 2, disk, log == DirtyLog.INTACT ? EmuHost.Hooks.OFF : EmuHost.Hooks.TEST_HOOKS);
        if (guest != Guest.SMALL) {
            awaitPopulated("src");
        }
        Vmm src = host.open("src");
        Vmm dst = host.createIncoming("dst", src.layout());
        ByteBuffer page = ByteBuffer.allocateDirect(4096);
        GuestMemory from = src.memory();
        GuestMemory to = dst.memory();
        src.collectAndClearDirty();
        for (long p = 0; p < src.layout().pages(); p++) {
            if (!from.isZeroPage(p)) {
                copy(from, to, p, page);
            }
        }
        for (int round = 1; round <= 4; round++) {
            Thread.sleep(100); // the guest keeps writing between rounds
            DirtyPages d = src.collectAndClearDirty();
            assertTrue(d.count() > 0, "a writing guest dirties pages every round");
            d.forEach(p -> copy(from, to, p, page));
        }
        if (log == DirtyLog.SIXTY_FOUR_BITS_DROPPED) {
            host.ctl("src", "debug-drop-dirty", "64");
            Thread.sleep(300); // the guest writes more than 64 pages meanwhile
        }
        src.pause();
        src.collectAndClearDirty().forEach(p -> copy(from, to, p, page));
        VmState state = src.saveState();
        Map<String, Object> srcStatus = host.ctl("src", "status", null);
        Path checkpoint = dst.stageResume(state, host.dir.resolve("incoming"));
        host.restore("dst", guest.mem, 2, disk, checkpoint);
        Map<String, Object> dstStatus = host.ctl("dst", "status", null);
        Map<String, Object> check = host.ctl("dst", "self-check", null);
        return new Outcome(check, (String) srcStatus.get("bootId"), (String) dstStatus.get("bootId"),
                EmuHost.num(srcStatus, "uptimeMs"), EmuHost.num(dstStatus, "uptimeMs"), dst);
    }

    private static void copy(GuestMemory from, GuestMemory to, long p, ByteBuffer page) {
        page.clear();
        from.readPage(p, page);
        page.flip();
        to.writePage(p, page);
    }

    @Test
    void collectClearCopyRoundsThenPauseAndAFinalRoundYieldAnExactCopy() throws Exception {
        Outcome o = migrate(Guest.SMALL, DirtyLog.INTACT);
        assertEquals(Boolean.TRUE, o.check().get("healthy"), o.check().toString());
        assertEquals(0L, o.check().get("stalePages"));
        assertEquals(0L, o.check().get("corruptPages"));
        assertTrue(EmuHost.num(o.check(), "checkedPages") > 30_000, o.check().toString());
        assertEquals(o.sourceBootId(), o.targetBootId(), "the guest continues, it does not boot");
        assertTrue(o.targetUptime() >= o.sourceUptime(), "uptime continues from " + o.sourceUptime());
    }

    @Test
    void aFourGibGuestsHighmemPagesArriveThroughTheSameLoop() throws Exception {
        Outcome o = migrate(Guest.FOUR_GIB_WRITTEN_INTO_HIGHMEM, DirtyLog.INTACT);
        assertEquals(Boolean.TRUE, o.check().get("healthy"), o.check().toString());
        long lowmemPages = o.target().layout().lowmemBytes() / 4096;
        assertTrue(EmuHost.num(o.check(), "checkedPages") > lowmemPages, "pages beyond lowmem were checked: " + o.check());
        assertFalse(o.target().memory().isZeroPage(lowmemPages + 1), "the first highmem data pages arrived");
        assertTrue(o.target().memory().isZeroPage(o.target().layout().pages() - 1), "untouched pages stay zero");
    }

    @Test
    void droppedDirtyBitsLeaveStalePagesThatTheSelfCheckFinds() throws Exception {
        Outcome o = migrate(Guest.SMALL, DirtyLog.SIXTY_FOUR_BITS_DROPPED);
        assertEquals(Boolean.FALSE, o.check().get("healthy"), o.check().toString());
        long stale = EmuHost.num(o.check(), "stalePages");
        assertTrue(stale > 0 && stale <= 64, "stale pages: " + stale);
        assertEquals(0L, o.check().get("corruptPages"));
    }
}
