package org.bhyvirt.driver.domain;

import static org.bhyvirt.driver.event.LifecycleEventDetail.DEFINED_ADDED;
import static org.bhyvirt.driver.event.LifecycleEventDetail.RESUMED_UNPAUSED;
import static org.bhyvirt.driver.event.LifecycleEventDetail.STARTED_BOOTED;
import static org.bhyvirt.driver.event.LifecycleEventDetail.STOPPED_DESTROYED;
import static org.bhyvirt.driver.event.LifecycleEventDetail.STOPPED_SHUTDOWN;
import static org.bhyvirt.driver.event.LifecycleEventDetail.SUSPENDED_PAUSED;
import static org.bhyvirt.driver.event.LifecycleEventDetail.UNDEFINED_REMOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LifecycleTest extends OnEmulatedHost.WithDriver {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.guestImage("guest.img", "--working-set", "10%", "--write-rate", "1MiB/s");
    }


    private String define(String name) {
        return driver.defineXML(EmulatedHost.domainXml(name, UUID.randomUUID(), 32, 1, disk), 0).name();
    }

    @Test
    void definedDomainStartsRunsAndIsDestroyed() throws Exception {
        define("vm1");
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_UNKNOWN), driver.getState("vm1"));
        DomainRef ref = driver.start("vm1", 0);
        assertTrue(ref.id() > 0);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), driver.getState("vm1"));
        assertEquals("true", EmulatedHost.field(awaitGuestUp("vm1"), "running"));
        assertEquals(ref, driver.lookupById(ref.id()));
        assertTrue(driver.getXMLDesc("vm1", 0).contains("id='" + ref.id() + "'"));
        assertTrue(Files.exists(host.stateDir.resolve("run/vm1.status")));

        driver.destroy("vm1", 0);
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_DESTROYED), driver.getState("vm1"));
        assertFalse(Files.exists(host.emuDir.resolve("vmm/vm1")), "bhyvectl --destroy removed the VM");
        assertFalse(Files.exists(host.stateDir.resolve("run/vm1.status")));
        driver.undefine("vm1", 0);
        assertThrows(BhyveDriverException.class, () -> driver.getState("vm1"));
        assertEquals(List.of(DEFINED_ADDED, STARTED_BOOTED, STOPPED_DESTROYED, UNDEFINED_REMOVED),
                host.events.details("vm1"));
    }

    @Test
    void suspendedGuestIsPausedByUserAndResumesUnpaused() throws Exception {
        define("vm2");
        driver.start("vm2", 0);
        awaitGuestUp("vm2");
        driver.suspend("vm2");
        assertEquals(DomainStatus.of(DomainStateReason.PAUSED_USER), driver.getState("vm2"));
        driver.resume("vm2");
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_UNPAUSED), driver.getState("vm2"));
        assertEquals("true", EmulatedHost.field(host.ctl("vm2", "status"), "running"));
        driver.destroy("vm2", 0);
        assertEquals(List.of(DEFINED_ADDED, STARTED_BOOTED, SUSPENDED_PAUSED, RESUMED_UNPAUSED, STOPPED_DESTROYED),
                host.events.details("vm2"));
    }

    @Test
    void acpiShutdownEndsShutoffShutdown() throws Exception {
        define("vm3");
        driver.start("vm3", 0);
        host.events.await("vm3", STARTED_BOOTED, WAIT);
        awaitGuestUp("vm3");
        driver.shutdownAndWait("vm3", WAIT);
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_SHUTDOWN), driver.getState("vm3"));
        assertEquals(List.of(DEFINED_ADDED, STARTED_BOOTED, STOPPED_SHUTDOWN), host.events.details("vm3"));
    }

    @Test
    void aPausedGuestIsRefusedShutdownAndRebootAndStaysPaused() throws Exception {
        define("vm7");
        driver.start("vm7", 0);
        driver.suspend("vm7");
        for (Runnable call : List.<Runnable>of(() -> driver.shutdown("vm7", 0), () -> driver.reboot("vm7", 0))) {
            BhyveDriverException e = assertThrows(BhyveDriverException.class, call::run);
            assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
            assertEquals("Requested operation is not valid: domain is not running", e.libvirtMessage());
        }
        assertEquals(DomainStatus.of(DomainStateReason.PAUSED_USER), driver.getState("vm7"));
        driver.resume("vm7");
        driver.shutdownAndWait("vm7");
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_SHUTDOWN), driver.getState("vm7"));
    }

    @Test
    void startOfARunningDomainIsRefused() throws Exception {
        define("vm4");
        driver.start("vm4", 0);
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.start("vm4", 0));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
        assertEquals("domain is already running", e.getMessage());
        assertEquals("Requested operation is not valid: domain is already running", e.libvirtMessage());
        driver.destroy("vm4", 0);
        BhyveDriverException notRunning = assertThrows(BhyveDriverException.class, () -> driver.suspend("vm4"));
        assertEquals(VirErrorNumber.OPERATION_INVALID, notRunning.number());
        assertEquals("domain is not running", notRunning.getMessage());
        assertEquals("Requested operation is not valid: domain is not running", notRunning.libvirtMessage());
    }

    @Test
    void driverRebootGivesANewBootId() throws Exception {
        define("vm5");
        driver.start("vm5", 0);
        String boot1 = EmulatedHost.field(awaitGuestUp("vm5"), "bootId");
        driver.reboot("vm5", 0);
        host.events.await("vm5", STARTED_BOOTED, 2, WAIT);
        assertEquals(DomainState.RUNNING, driver.getState("vm5").state());
        String boot2 = EmulatedHost.field(awaitGuestUp("vm5"), "bootId");
        assertNotEquals(boot1, boot2);
        assertEquals(List.of(DEFINED_ADDED, STARTED_BOOTED, STOPPED_SHUTDOWN, STARTED_BOOTED), host.events.details("vm5"));
    }

    @Test
    void grubBootedDomainGetsItsDeviceMapOnlyWhileTheLoaderRuns() throws Exception {
        String xml = EmulatedHost.domainXml("grubbed", UUID.randomUUID(), 32, 1, disk)
                .replace("  <os>", "  <bootloader>grub-bhyve</bootloader>\n  <os>");
        driver.defineXML(xml, 0);
        driver.start("grubbed", 0);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), driver.getState("grubbed"));
        Path map = host.config.runDir().resolve("grub_bhyve-grubbed-device.map");
        assertFalse(Files.exists(map), "device.map deleted after loading");
        String log = Files.readString(host.config.logDir().resolve("grubbed.log"));
        assertTrue(log.contains("--device-map " + map), log);
        assertTrue(log.contains(host.config.grubBhyve().toString()), log);
        awaitGuestUp("grubbed");
        driver.destroy("grubbed", 0);
    }

    @Test
    void aFailingLoaderAbortsTheStartAndLeavesNoVm() throws Exception {
        driver.defineXML(EmulatedHost.domainXml("noload", UUID.randomUUID(), 32, 1,
                host.stateDir.resolve("missing.img")), 0);
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.start("noload", 0));
        assertEquals(VirErrorNumber.OPERATION_FAILED, e.number());
        assertTrue(e.getMessage().contains("loader"), e.getMessage());
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_UNKNOWN), driver.getState("noload"));
        assertFalse(Files.exists(host.emuDir.resolve("vmm/noload")));
        assertEquals(List.of(DEFINED_ADDED), host.events.details("noload"));
    }

    private String awaitGuestUp(String vm) throws InterruptedException {
        return host.awaitGuestUp(vm);
    }
}
