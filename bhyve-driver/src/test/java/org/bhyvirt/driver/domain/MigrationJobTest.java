package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bhyvirt.driver.domain.flags.XmlFlag;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The driver's migration job without the engine: states, events and refusals of libvirt's qemu
 * driver on the source (begin, switch-over pause, confirm either way, destroy during the job) and
 * on the destination (prepare with a bhyve waiting for its state, finish, abort of a transient and
 * of a persistent domain).
 */
class MigrationJobTest extends OnEmulatedHost.WithDriver {
    private static final String NAME = "mj";

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.idleDisk();
    }

    private String xml() {
        return EmulatedHost.domainXml(NAME, UUID.nameUUIDFromBytes(NAME.getBytes()), 32, 1, disk);
    }

    private void startSource() throws Exception {
        driver.defineXML(xml(), 0);
        driver.start(NAME, 0);
        host.awaitGuestUp(NAME);
    }

    /** A state-changing call refused while an outgoing migration job holds the domain. */
    enum Change {
        SUSPEND, RESUME, SHUTDOWN, REBOOT, SAVE, MANAGED_SAVE, UNDEFINE, SECOND_MIGRATION;

        void apply(DomainDriver d, Path dir) {
            switch (this) {
                case SUSPEND -> d.suspend(NAME);
                case RESUME -> d.resume(NAME);
                case SHUTDOWN -> d.shutdown(NAME, 0);
                case REBOOT -> d.reboot(NAME, 0);
                case SAVE -> d.save(NAME, dir.resolve("saved"), 0);
                case MANAGED_SAVE -> d.managedSave(NAME, 0);
                case UNDEFINE -> d.undefine(NAME, 0);
                case SECOND_MIGRATION -> d.migration().begin(NAME);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Change.class)
    void everyChangeIsRefusedAtOnceNamingTheJobWhileQueriesAnswer(Change change) throws Exception {
        startSource();
        driver.migration().begin(NAME);
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> change.apply(driver, host.stateDir));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
        assertTrue(e.getMessage().contains("outgoing migration job is in progress"), e.getMessage());
        assertEquals(DomainStateReason.RUNNING_BOOTED, driver.getState(NAME).reason());
        assertEquals(Optional.of(DomainJob.MIGRATION_OUT), driver.migration().job(NAME));
        assertTrue(driver.getXMLDesc(NAME, 0).contains("<name>" + NAME + "</name>"));
        driver.migration().confirmOutgoing(NAME, false);
        assertEquals(Optional.empty(), driver.migration().job(NAME));
        change.apply(driver, host.stateDir); // the job is over: the call goes through
    }

    @Test
    void aSwitchOverPauseIsPausedMigrationAndAFailedMigrationRunsAgainAsMigrationCanceled() throws Exception {
        startSource();
        int before = host.events.details(NAME).size();
        driver.migration().begin(NAME);
        driver.migration().switchOverPaused(NAME);
        assertEquals(DomainStateReason.PAUSED_MIGRATION, driver.getState(NAME).reason());
        driver.migration().confirmOutgoing(NAME, false);
        assertEquals(DomainStateReason.RUNNING_MIGRATION_CANCELED, driver.getState(NAME).reason());
        assertEquals(List.of(LifecycleEventDetail.SUSPENDED_MIGRATED, LifecycleEventDetail.RESUMED_MIGRATED),
                host.events.details(NAME).subList(before, host.events.details(NAME).size()));
    }

    @Test
    void aConfirmedMigrationEndsTheSourceAsShutoffMigratedAndASwitchOverNeedsTheJob() throws Exception {
        startSource();
        BhyveDriverException e = assertThrows(BhyveDriverException.class,
                () -> driver.migration().switchOverPaused(NAME));
        assertEquals(VirErrorNumber.OPERATION_INVALID, e.number());
        driver.migration().begin(NAME);
        driver.migration().switchOverPaused(NAME);
        driver.migration().confirmOutgoing(NAME, true);
        assertEquals(DomainStateReason.SHUTOFF_MIGRATED, driver.getState(NAME).reason());
        assertEquals(Optional.empty(), driver.migration().job(NAME));
    }

    @Test
    void destroyWorksDuringTheJobEndsItAndCompletesRunEnded() throws Exception {
        startSource();
        driver.migration().begin(NAME);
        var ended = driver.migration().runEnded(NAME);
        assertFalse(ended.isDone());
        driver.destroy(NAME, 0);
        assertTrue(ended.isDone());
        assertEquals(DomainStateReason.SHUTOFF_DESTROYED, driver.getState(NAME).reason());
        assertEquals(Optional.empty(), driver.migration().job(NAME));
        driver.migration().confirmOutgoing(NAME, false); // the engine's cleanup finds nothing to restore
        assertEquals(DomainStateReason.SHUTOFF_DESTROYED, driver.getState(NAME).reason());
    }

    /** The destination's domain before prepare. */
    enum Defined {
        TRANSIENT, PERSISTENT
    }

    private Path incomingCheckpoint(Vmm vmm) {
        return vmm.stageIncoming(1, host.stateDir.resolve(NAME + ".incoming"));
    }

    @ParameterizedTest
    @EnumSource(Defined.class)
    void aPreparedDestinationWaitsPausedMigrationAndAnAbortLeavesOnlyThePersistentDefinition(Defined defined)
            throws Exception {
        if (defined == Defined.PERSISTENT) {
            driver.defineXML(xml(), 0);
        }
        String kept = defined == Defined.PERSISTENT ? driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()) : null;
        EmulatedVmmProvider vmms = new EmulatedVmmProvider(host.emuDir, host.stateDir.resolve("staging"));
        try (Vmm vmm = vmms.createIncoming(NAME, MemoryLayout.of(32L << 20))) {
            driver.migration().prepareIncoming(xml(), incomingCheckpoint(vmm));
            vmm.awaitIncoming(Duration.ofSeconds(30));
            assertTrue(vmm.incoming() && vmm.paused(), "the bhyve waits paused for its state");
            assertEquals(DomainStateReason.PAUSED_MIGRATION, driver.getState(NAME).reason());
            assertEquals(Optional.of(DomainJob.MIGRATION_IN), driver.migration().job(NAME));
            BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.resume(NAME));
            assertTrue(e.getMessage().contains("incoming migration job is in progress"), e.getMessage());
            driver.migration().abortIncoming(NAME);
        }
        List<LifecycleEventDetail> events = host.events.details(NAME);
        assertEquals(List.of(LifecycleEventDetail.STARTED_MIGRATED, LifecycleEventDetail.STOPPED_FAILED),
                events.subList(events.size() - 2, events.size()));
        assertFalse(Files.exists(host.emuDir.resolve("vmm").resolve(NAME)), "the VM is destroyed");
        if (defined == Defined.PERSISTENT) {
            assertEquals(DomainStateReason.SHUTOFF_FAILED, driver.getState(NAME).reason());
            assertEquals(kept, driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()));
        } else {
            assertTrue(driver.listAllDomains(0).isEmpty(), "the transient domain is forgotten");
        }
    }

    @Test
    void finishingAPreparedDomainThatGotNoStateIsRefusedByItsBhyve() throws Exception {
        EmulatedVmmProvider vmms = new EmulatedVmmProvider(host.emuDir, host.stateDir.resolve("staging"));
        try (Vmm vmm = vmms.createIncoming(NAME, MemoryLayout.of(32L << 20))) {
            driver.migration().prepareIncoming(xml(), incomingCheckpoint(vmm));
            vmm.awaitIncoming(Duration.ofSeconds(30));
            BhyveDriverException e = assertThrows(BhyveDriverException.class, vmm::resume);
            assertTrue(e.getMessage().contains("waits for its incoming state"), e.getMessage());
            assertThrows(BhyveDriverException.class, vmm::saveState);
            driver.migration().abortIncoming(NAME);
        }
    }

    /** What a driver that opens finds of a migration job its predecessor ran, by where it stopped. */
    enum Interrupted {
        /** The source guest still pre-copied: it runs on, the job is gone. */
        OUTGOING_WHILE_RUNNING(DomainStateReason.RUNNING_BOOTED),
        /** The source guest was paused for the switch-over: it stays paused (the destination may run it). */
        OUTGOING_AT_THE_SWITCH_OVER(DomainStateReason.PAUSED_MIGRATION);

        final DomainStateReason after;

        Interrupted(DomainStateReason after) {
            this.after = after;
        }
    }

    @ParameterizedTest
    @EnumSource(Interrupted.class)
    void aDriverThatOpensEndsTheOutgoingJobOfItsPredecessorAndLeavesTheGuestWhereItIs(Interrupted where)
            throws Exception {
        startSource();
        driver.migration().begin(NAME);
        if (where == Interrupted.OUTGOING_AT_THE_SWITCH_OVER) {
            driver.migration().switchOverPaused(NAME);
        }
        int id = driver.lookupByName(NAME).id();
        driver.close();

        driver = host.open();
        assertEquals(id, driver.lookupByName(NAME).id(), "the same bhyve, re-adopted");
        assertEquals(where.after, driver.getState(NAME).reason());
        assertEquals(Optional.empty(), driver.migration().job(NAME));
        if (where == Interrupted.OUTGOING_AT_THE_SWITCH_OVER) {
            driver.resume(NAME); // whoever knows the destination does not run it resumes it here
        }
        driver.suspend(NAME);
        driver.resume(NAME);
        assertEquals(DomainState.RUNNING, driver.getState(NAME).state());
        assertTrue(host.ctl(NAME, "self-check").contains("\"healthy\":true"), host.ctl(NAME, "self-check"));
    }

    @ParameterizedTest
    @EnumSource(Defined.class)
    void aDriverThatOpensKillsTheDestinationGuestWaitingForAnIncomingMigrationOfItsPredecessor(Defined defined)
            throws Exception {
        if (defined == Defined.PERSISTENT) {
            driver.defineXML(xml(), 0);
        }
        EmulatedVmmProvider vmms = new EmulatedVmmProvider(host.emuDir, host.stateDir.resolve("staging"));
        long pid;
        try (Vmm vmm = vmms.createIncoming(NAME, MemoryLayout.of(32L << 20))) {
            driver.migration().prepareIncoming(xml(), incomingCheckpoint(vmm));
            vmm.awaitIncoming(Duration.ofSeconds(30));
            pid = driver.lookupByName(NAME).id();
            driver.close();
        }
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "it waits while no driver runs");

        driver = host.open();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "its bhyve is killed");
        assertFalse(Files.exists(host.emuDir.resolve("vmm").resolve(NAME)), "its VM is destroyed");
        if (defined == Defined.PERSISTENT) {
            assertEquals(DomainStateReason.SHUTOFF_FAILED, driver.getState(NAME).reason());
        } else {
            assertTrue(driver.listAllDomains(0).isEmpty(), "the transient domain is forgotten");
        }
        for (String record : List.of(".status", ".xml", ".job")) {
            assertFalse(Files.exists(host.stateDir.resolve("run").resolve(NAME + record)), NAME + record + " is left");
        }
    }
}
