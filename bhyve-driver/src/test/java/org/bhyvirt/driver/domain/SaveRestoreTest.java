package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.bhyvirt.driver.domain.flags.Flags;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.flags.UndefineFlag;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Save, restore and managed save through bhyve's checkpoint on the emulator. */
class SaveRestoreTest extends OnEmulatedHost.WithDriver {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.guestImage("guest.img", "--working-set", "25%", "--write-rate", "4MiB/s");
        driver.defineXML(EmulatedHost.domainXml("s", UUID.randomUUID(), 64, 1, disk), 0);
    }


    @Test
    void savedGuestRestoresWithTheSameBootIdAndACleanSelfCheck() throws Exception {
        driver.start("s", 0);
        String boot = EmulatedHost.field(host.awaitGuestUp("s"), "bootId");
        Path file = host.stateDir.resolve("s.ckp");
        driver.save("s", file, 0);
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_SAVED), driver.getState("s"));
        assertTrue(Files.exists(file) && Files.exists(Path.of(file + ".kern")) && Files.exists(Path.of(file + ".meta")));
        assertTrue(Files.readString(Path.of(file + ".xml")).startsWith(SaveImage.MAGIC));

        driver.restore(file, 0);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_RESTORED), driver.getState("s"));
        assertEquals(boot, EmulatedHost.field(host.awaitGuestUp("s"), "bootId"));
        String check = host.ctl("s", "self-check");
        assertEquals("0", EmulatedHost.field(check, "stalePages"), check);
        assertEquals("0", EmulatedHost.field(check, "corruptPages"), check);
        assertEquals(List.of(LifecycleEventDetail.DEFINED_ADDED, LifecycleEventDetail.STARTED_BOOTED,
                LifecycleEventDetail.STOPPED_SAVED, LifecycleEventDetail.STARTED_RESTORED), host.events.details("s"));
    }

    @Test
    void pausedGuestIsRestoredPaused() throws Exception {
        driver.start("s", 0);
        host.awaitGuestUp("s");
        driver.suspend("s");
        Path file = host.stateDir.resolve("p.ckp");
        driver.save("s", file, 0);
        driver.restore(file, 0);
        assertEquals(DomainStatus.of(DomainStateReason.PAUSED_USER), driver.getState("s"));
        driver.resume("s");
        host.awaitGuestUp("s");
        assertEquals("0", EmulatedHost.field(host.ctl("s", "self-check"), "corruptPages"));
    }

    @Test
    void managedSaveIsRestoredByTheNextStartAndThenConsumed() throws Exception {
        driver.start("s", 0);
        String boot = EmulatedHost.field(host.awaitGuestUp("s"), "bootId");
        driver.managedSave("s", 0);
        assertTrue(driver.hasManagedSaveImage("s"));
        assertEquals(List.of("s"), driver.listAllDomains(Flags.of(ListFlag.MANAGEDSAVE)).stream().map(DomainRef::name).toList());
        driver.start("s", 0);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_RESTORED), driver.getState("s"));
        assertFalse(driver.hasManagedSaveImage("s"));
        assertEquals(boot, EmulatedHost.field(host.awaitGuestUp("s"), "bootId"));
        assertEquals("0", EmulatedHost.field(host.ctl("s", "self-check"), "corruptPages"));
        driver.destroy("s", 0);
        assertFalse(Files.exists(host.stateDir.resolve("run/s.restoring")), "the consumed image is deleted at stop");
    }

    @Test
    void undefineKeepsAManagedSaveUnlessTold() throws Exception {
        driver.start("s", 0);
        host.awaitGuestUp("s");
        driver.managedSave("s", 0);
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.undefine("s", 0));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
        driver.undefine("s", Flags.of(UndefineFlag.MANAGED_SAVE));
        assertFalse(Files.exists(host.stateDir.resolve("save/s.save")));
        assertTrue(driver.listAllDomains(0).isEmpty());
    }

    @Test
    void restoreRefusesAFileThatIsNotASaveImage() throws Exception {
        Path bogus = host.stateDir.resolve("bogus");
        for (String s : new String[] {"", ".kern", ".meta", ".xml"}) {
            Files.writeString(Path.of(bogus + s), "<domain/>");
        }
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.restore(bogus, 0));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
        BhyveDriverException missing = assertThrows(BhyveDriverException.class,
                () -> driver.restore(host.stateDir.resolve("nothing"), 0));
        assertEquals(VirErrorNumber.OPERATION_INVALID, missing.number());
    }
}
