package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A new driver on the same state directory re-adopts running guests and accounts for dead ones. */
class DriverRestartTest extends OnEmulatedHost {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.guestImage("guest.img", "--working-set", "10%", "--write-rate", "1MiB/s");
    }

    @Test
    void newDriverReadoptsRunningGuestsAndSeesTheirLaterExit() throws Exception {
        DomainDriver first = host.open();
        for (String n : new String[] {"keep", "exits", "dies", "transient"}) {
            String xml = EmulatedHost.domainXml(n, UUID.randomUUID(), 32, 1, disk);
            if (n.equals("transient")) {
                first.createXML(xml, 0);
            } else {
                first.defineXML(xml, 0);
                first.start(n, 0);
            }
            host.awaitGuestUp(n);
        }
        first.suspend("keep");
        int keepId = first.lookupByName("keep").id();
        int transientId = first.lookupByName("transient").id();
        first.close();

        // While no driver watches, one guest powers off: its supervisor records exit 1.
        host.ctl("dies", "poweroff");
        host.awaitExitRecorded("dies");

        DomainDriver second = host.open();
        assertEquals(keepId, second.lookupByName("keep").id(), "same bhyve pid");
        assertEquals(DomainStatus.of(DomainStateReason.PAUSED_USER), second.getState("keep"));
        assertEquals(transientId, second.lookupByName("transient").id());
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), second.getState("transient"));
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_SHUTDOWN), second.getState("dies"));
        assertTrue(second.brokenDefinitions().isEmpty(), second.brokenDefinitions().toString());

        // The re-adopted guest's later exit is seen with the right reason.
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), second.getState("exits"));
        host.ctl("exits", "triple-fault");
        host.events.await("exits", LifecycleEventDetail.STOPPED_CRASHED, WAIT);
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_CRASHED), second.getState("exits"));

        second.resume("keep");
        second.destroy("keep", 0);
        second.destroy("transient", 0);
        assertEquals(3, second.listAllDomains(0).size(), "the transient domain is gone once stopped");
    }

    @Test
    void guestKilledWhileTheDriverWasAwayIsShutoffUnknown() throws Exception {
        DomainDriver first = host.open();
        first.defineXML(EmulatedHost.domainXml("gone", UUID.randomUUID(), 32, 1, disk), 0);
        DomainRef ref = first.start("gone", 0);
        host.awaitGuestUp("gone");
        first.close();
        host.killSupervisorAndGuest(ref.id());

        DomainDriver second = host.open();
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_UNKNOWN), second.getState("gone"));
        assertEquals(-1, second.lookupByName("gone").id());
        second.start("gone", 0);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), second.getState("gone"));
    }

    @Test
    void aGuestWhoseVmVanishedWhileTheDriverWasAwayIsStoppedByTheDriver() throws Exception {
        DomainDriver first = host.open();
        first.defineXML(EmulatedHost.domainXml("novm", UUID.randomUUID(), 32, 1, disk), 0);
        DomainRef ref = first.start("novm", 0);
        host.awaitGuestUp("novm");
        first.close();
        host.deleteVmDirectory("novm");
        assertTrue(ProcessHandle.of(ref.id()).map(ProcessHandle::isAlive).orElse(false), "bhyve still runs");

        DomainDriver second = host.open();
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_DAEMON), second.getState("novm"));
        ProcessHandle.of(ref.id()).ifPresent(h -> h.onExit().join());
        assertEquals(-1, second.lookupByName("novm").id());
    }

    @Test
    void aGuestThatRebootedWhileTheDriverWasAwayIsBootedAgain() throws Exception {
        DomainDriver first = host.open();
        first.defineXML(EmulatedHost.domainXml("bounce", UUID.randomUUID(), 32, 1, disk), 0);
        DomainRef before = first.start("bounce", 0);
        String boot1 = EmulatedHost.field(host.awaitGuestUp("bounce"), "bootId");
        first.close();
        host.ctl("bounce", "reboot");
        host.awaitExitRecorded("bounce");

        DomainDriver second = host.open();
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), second.getState("bounce"));
        assertTrue(second.lookupByName("bounce").id() != before.id(), "a new bhyve");
        String boot2 = EmulatedHost.field(host.awaitGuestUp("bounce"), "bootId");
        assertTrue(!boot1.equals(boot2), "a new boot");
    }

    @Test
    void aGuestThatExitedZeroUnderAMigrationJobWhileTheDriverWasAwayIsNotBootedAgain() throws Exception {
        DomainDriver first = host.open();
        first.defineXML(EmulatedHost.domainXml("moving", UUID.randomUUID(), 32, 1, disk), 0);
        first.start("moving", 0);
        host.awaitGuestUp("moving");
        first.migration().begin("moving");
        first.close();
        host.ctl("moving", "reboot"); // exit 0, as a checkpoint or the patch's migration ends bhyve
        host.awaitExitRecorded("moving");

        DomainDriver second = host.open();
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_UNKNOWN), second.getState("moving"),
                "the guest may run on the destination: it is not booted here again");
        assertEquals(-1, second.lookupByName("moving").id());
        assertEquals(java.util.Optional.empty(), second.migration().job("moving"));
        second.start("moving", 0);
        host.awaitGuestUp("moving");
        second.destroy("moving", 0);
    }

    @Test
    void closingTheDriverWhileAGuestRebootsLetsTheRestartFinish() throws Exception {
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // A publisher that waits interruptibly, as one sending to a broker does: it holds the
        // reboot's exit handler between the stop and the restart for as long as the test wants.
        DomainDriver first = host.open(e -> {
            if (e.detail() == LifecycleEventDetail.STOPPED_SHUTDOWN) {
                stopping.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        first.defineXML(EmulatedHost.domainXml("mid", UUID.randomUUID(), 32, 1, disk), 0);
        DomainRef before = first.start("mid", 0);
        host.awaitGuestUp("mid");
        first.reboot("mid", 0);
        assertTrue(stopping.await(30, TimeUnit.SECONDS), "the reboot's exit is being handled");

        Thread closer = new Thread(first::close);
        closer.start();
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.getState() != Thread.State.TERMINATED) {
            Thread.sleep(10); // close() gives no other sign of waiting for the handler
        }
        release.countDown();
        closer.join(60_000);

        DomainDriver second = host.open();
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), second.getState("mid"),
                "the restart finished and the next driver adopted it");
        assertTrue(second.lookupByName("mid").id() != before.id(), "a new bhyve");
    }
}
