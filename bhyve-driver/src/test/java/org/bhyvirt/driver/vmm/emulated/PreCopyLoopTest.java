package org.bhyvirt.driver.vmm.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    private static final String MEM = "256M";
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

    private record Outcome(Map<String, Object> check, String sourceBootId, String targetBootId, long sourceUptime,
                           long targetUptime, long rounds) {
    }

    private Outcome migrate(DirtyLog log) throws Exception {
        Path disk = host.guestImage("m.img", "--working-set", "32MiB", "--write-rate", "16MiB/s", "--pattern", "random",
                "--free", "50%", "--zero", "10%");
        host.boot("src", MEM, 2, disk, log == DirtyLog.INTACT ? EmuHost.Hooks.OFF : EmuHost.Hooks.TEST_HOOKS);
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
        long rounds = 1;
        for (int round = 1; round <= 4; round++) {
            Thread.sleep(100); // the guest keeps writing between rounds
            DirtyPages d = src.collectAndClearDirty();
            assertTrue(d.count() > 0, "a writing guest dirties pages every round");
            d.forEach(p -> copy(from, to, p, page));
            rounds++;
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
        host.restore("dst", MEM, 2, disk, checkpoint);
        Map<String, Object> dstStatus = host.ctl("dst", "status", null);
        Map<String, Object> check = host.ctl("dst", "self-check", null);
        return new Outcome(check, (String) srcStatus.get("bootId"), (String) dstStatus.get("bootId"),
                EmuHost.num(srcStatus, "uptimeMs"), EmuHost.num(dstStatus, "uptimeMs"), rounds);
    }

    private static void copy(GuestMemory from, GuestMemory to, long p, ByteBuffer page) {
        page.clear();
        from.readPage(p, page);
        page.flip();
        to.writePage(p, page);
    }

    @Test
    void collectClearCopyRoundsThenPauseAndAFinalRoundYieldAnExactCopy() throws Exception {
        Outcome o = migrate(DirtyLog.INTACT);
        assertEquals(Boolean.TRUE, o.check().get("healthy"), o.check().toString());
        assertEquals(0L, o.check().get("stalePages"));
        assertEquals(0L, o.check().get("corruptPages"));
        assertTrue(EmuHost.num(o.check(), "checkedPages") > 30_000, o.check().toString());
        assertEquals(o.sourceBootId(), o.targetBootId(), "the guest continues, it does not boot");
        assertTrue(o.targetUptime() >= o.sourceUptime(), "uptime continues from " + o.sourceUptime());
    }

    @Test
    void droppedDirtyBitsLeaveStalePagesThatTheSelfCheckFinds() throws Exception {
        Outcome o = migrate(DirtyLog.SIXTY_FOUR_BITS_DROPPED);
        assertEquals(Boolean.FALSE, o.check().get("healthy"), o.check().toString());
        long stale = EmuHost.num(o.check(), "stalePages");
        assertTrue(stale > 0 && stale <= 64, "stale pages: " + stale);
        assertEquals(0L, o.check().get("corruptPages"));
    }
}
