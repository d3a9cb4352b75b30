package org.bhyvirt.migration.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainJob;
import org.bhyvirt.driver.domain.flags.XmlFlag;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link ManagedMigration} between two hosts' DomainDrivers (emulated bhyve, real TCP on
 * loopback), with states, events and the job asserted on both hosts at every phase: the
 * destination's guest waits PAUSED(MIGRATION) from prepare, the source is PAUSED(MIGRATION) during
 * the switch-over, state-changing calls are refused while the job runs, and failures leave the
 * guest running on the source (RUNNING(MIGRATION_CANCELED) once it had been paused) with nothing
 * but an untouched persistent definition on the destination.
 */
class DomainMigrationTest {
    private static final String NAME = "mig";

    private DriverHosts hosts;
    private String xml;

    @BeforeEach
    void setUp() throws Exception {
        hosts = new DriverHosts();
        Path disk = hosts.guestImage("--working-set", "128MiB", "--write-rate", "32MiB/s", "--pattern", "random");
        xml = DriverHosts.domainXml(NAME, 256, disk);
        hosts.source.driver.defineXML(xml, 0);
        hosts.source.driver.start(NAME, 0);
        hosts.source.awaitControlSocket(NAME);
        Thread.sleep(500); // the guest writes for a while before it moves
    }

    @AfterEach
    void tearDown() throws Exception {
        hosts.close();
    }

    private ManagedMigration migration(MigrationOptions options, MigrationListener listener) {
        ManagedDestination destination = new ManagedDestination(hosts.destination.driver, hosts.destination.vmms,
                hosts.destination.stateDir, InetAddress.getLoopbackAddress());
        return new ManagedMigration(new SourceHost(hosts.source.driver, hosts.source.vmms), destination, NAME,
                options, listener);
    }

    /** Every call that would change the domain, as a name and the call. */
    private static List<Map.Entry<String, Executable>> changes(DomainDriver d, Path dir) {
        return List.of(
                Map.entry("suspend", () -> d.suspend(NAME)),
                Map.entry("resume", () -> d.resume(NAME)),
                Map.entry("shutdown", () -> d.shutdown(NAME, 0)),
                Map.entry("reboot", () -> d.reboot(NAME, 0)),
                Map.entry("save", () -> d.save(NAME, dir.resolve("saved"), 0)),
                Map.entry("undefine", () -> d.undefine(NAME, 0)),
                Map.entry("second migration", () -> d.migration().begin(NAME)));
    }

    private static List<String> refusals(DomainDriver d, Path dir, String job) {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Executable> c : changes(d, dir)) {
            try {
                c.getValue().execute();
                wrong.add(c.getKey() + " went through");
            } catch (BhyveDriverException e) {
                if (e.number() != VirErrorNumber.OPERATION_INVALID || !e.getMessage().contains(job)) {
                    wrong.add(c.getKey() + ": " + e.number() + " " + e.getMessage());
                }
            } catch (Throwable t) {
                wrong.add(c.getKey() + ": " + t);
            }
        }
        return wrong;
    }

    private static List<LifecycleEventDetail> details(List<LifecycleEvent> events) {
        return events.stream().map(LifecycleEvent::detail).toList();
    }

    @Test
    void aLiveMigrationMovesTheDomainWithLibvirtsStatesAndEventsOnBothHostsAtEveryPhase() throws Exception {
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        String definition = hosts.source.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit());
        int sourceEvents = hosts.source.events.size();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> wrong = new CopyOnWriteArrayList<>();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void phase(MigrationPhase phase) {
                seen.add(phase.label());
                if (phase == MigrationPhase.PERFORM) {
                    DomainDriver dst = hosts.destination.driver;
                    seen.add("destination " + dst.getState(NAME).reason() + " " + dst.migration().job(NAME));
                    wrong.addAll(refusals(dst, hosts.destination.stateDir, "incoming migration"));
                }
            }

            @Override
            public void progress(MigrationProgress p) {
                if (p.memIteration() == 1) {
                    DomainDriver src = hosts.source.driver;
                    seen.add("source " + src.getState(NAME).reason() + " " + src.migration().job(NAME));
                    wrong.addAll(refusals(src, hosts.source.stateDir, "outgoing migration"));
                }
            }
        };
        MigrationOutcome outcome = migration(MigrationOptions.defaults(MigrationKind.LIVE), listener).run();

        assertTrue(outcome.completed(), outcome.toString());
        System.out.printf("managed live 256 MiB (32 MiB/s writer): %d rounds, %s%n",
                outcome.progress().memIteration(), outcome.downtime().orElseThrow().describe());
        assertEquals(List.of(), wrong, "calls that were not refused while the job held the domain");
        assertEquals(List.of("begin", "prepare", "perform",
                "destination PAUSED_MIGRATION Optional[MIGRATION_IN]",
                "source RUNNING_BOOTED Optional[MIGRATION_OUT]", "finish", "confirm"), seen);
        List<LifecycleEvent> src = hosts.source.events.subList(sourceEvents, hosts.source.events.size());
        assertEquals(List.of(LifecycleEventDetail.SUSPENDED_MIGRATED, LifecycleEventDetail.STOPPED_MIGRATED),
                details(src));
        assertEquals(DomainStateReason.PAUSED_MIGRATION, src.get(0).statusAfter().reason(),
                "the source is PAUSED(MIGRATION) during the switch-over");
        assertEquals(List.of(LifecycleEventDetail.STARTED_MIGRATED, LifecycleEventDetail.RESUMED_MIGRATED),
                details(hosts.destination.events));
        assertEquals(DomainStateReason.PAUSED_MIGRATION, hosts.destination.events.get(0).statusAfter().reason());
        assertEquals(DomainStateReason.SHUTOFF_MIGRATED, hosts.source.driver.getState(NAME).reason());
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason());
        assertTrue(hosts.source.driver.migration().job(NAME).isEmpty(), "the source's job ended");
        assertTrue(hosts.destination.driver.migration().job(NAME).isEmpty(), "the destination's job ended");
        assertEquals(definition, hosts.destination.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()));
        assertFalse(Files.exists(hosts.source.emuDir.resolve("vmm").resolve(NAME)), "the source VM is gone");
        Map<String, String> check = hosts.destination.ctl(hosts.bin, NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        Map<String, String> after = hosts.destination.ctl(hosts.bin, NAME, "status");
        assertEquals(before.get("bootId"), after.get("bootId"));
        assertEquals("false", after.get("paused"));
        hosts.destination.driver.suspend(NAME); // the job is over: changes go through again
        assertEquals(DomainStateReason.PAUSED_USER, hosts.destination.driver.getState(NAME).reason());
    }

    @Test
    void anIdleGuestMigratesBackAndForthWithinTheDowntimeLimitEveryTime() throws Exception {
        hosts.source.driver.destroy(NAME, 0);
        Path idle = hosts.guestImage("--working-set", "25%", "--write-rate", "0MiB/s"); // writes once, then idles
        hosts.source.driver.undefine(NAME, 0);
        hosts.source.driver.defineXML(DriverHosts.domainXml(NAME, 256, idle), 0);
        hosts.source.driver.start(NAME, 0);
        hosts.source.awaitControlSocket(NAME);
        Thread.sleep(500);
        String bootId = hosts.source.ctl(hosts.bin, NAME, "status").get("bootId");
        List<DriverHosts.Host> order = List.of(hosts.source, hosts.destination);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            DriverHosts.Host from = order.get(i % 2);
            DriverHosts.Host to = order.get((i + 1) % 2);
            ManagedDestination destination = new ManagedDestination(to.driver, to.vmms, to.stateDir,
                    InetAddress.getLoopbackAddress());
            MigrationOutcome outcome = new ManagedMigration(new SourceHost(from.driver, from.vmms), destination, NAME,
                    MigrationOptions.defaults(MigrationKind.LIVE), MigrationListener.NONE).run();
            assertTrue(outcome.completed(), outcome.toString());
            Downtime d = outcome.downtime().orElseThrow();
            System.out.println("managed live 256 MiB idle, migration " + (i + 1) + ": " + d.describe());
            micros.add(d.total().toNanos() / 1000);
            assertTrue(d.total().toMillis() < MigrationOptions.DEFAULT_DOWNTIME_LIMIT.toMillis(), d.describe());
            assertEquals(DomainStateReason.RUNNING_MIGRATED, to.driver.getState(NAME).reason());
            if (from == hosts.source) {
                assertEquals(DomainStateReason.SHUTOFF_MIGRATED, from.driver.getState(NAME).reason());
            } else {
                assertTrue(from.driver.listAllDomains(0).isEmpty(), "the transient domain left with its guest");
            }
            assertEquals(bootId, to.ctl(hosts.bin, NAME, "status").get("bootId"));
        }
        List<Long> sorted = micros.stream().sorted().toList();
        System.out.printf("managed live 256 MiB idle: downtime min %.1f ms, median %.1f ms, max %.1f ms%n",
                sorted.get(0) / 1000.0, sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
    }

    @Test
    void aMigrationCancelledDuringPerformLeavesTheGuestRunningOnTheSourceAndNothingOnTheDestination()
            throws Exception {
        int sourceEvents = hosts.source.events.size();
        ManagedMigration[] m = new ManagedMigration[1];
        m[0] = migration(MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(16L << 20),
                new MigrationListener() {
                    @Override
                    public void progress(MigrationProgress p) {
                        m[0].cancel();
                    }
                });
        MigrationOutcome outcome = m[0].run();

        assertTrue(outcome.cancelled(), outcome.toString());
        assertEquals(GuestLocation.SOURCE, outcome.location());
        assertEquals(DomainStateReason.RUNNING_BOOTED, hosts.source.driver.getState(NAME).reason(),
                "never paused, so running as before (libvirt restores only a paused domain)");
        assertEquals(List.of(), details(hosts.source.events.subList(sourceEvents, hosts.source.events.size())));
        assertTrue(hosts.source.driver.migration().job(NAME).isEmpty(), "the source's job ended");
        assertEquals("false", hosts.source.ctl(hosts.bin, NAME, "status").get("paused"));
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertEquals(List.of(LifecycleEventDetail.STARTED_MIGRATED, LifecycleEventDetail.STOPPED_FAILED),
                details(hosts.destination.events));
        assertEquals(DomainStateReason.SHUTOFF_FAILED, hosts.destination.events.get(1).statusAfter().reason());
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "no domain on the destination");
        assertFalse(Files.exists(hosts.destination.emuDir.resolve("vmm").resolve(NAME)), "no VM on the destination");
    }

    @Test
    void aMigrationCancelledAfterTheSwitchOverResumesTheSourceAsMigrationCanceledAndKeepsTheDestinationDefinition()
            throws Exception {
        hosts.destination.driver.defineXML(hosts.source.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()), 0);
        String kept = hosts.destination.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit());
        int sourceEvents = hosts.source.events.size();
        int destinationEvents = hosts.destination.events.size();
        ManagedMigration[] m = new ManagedMigration[1];
        m[0] = migration(MigrationOptions.defaults(MigrationKind.LIVE), new MigrationListener() {
            @Override
            public void progress(MigrationProgress p) {
                if (!p.durations().finalTransfer().isZero()) {
                    m[0].cancel(); // everything sent and acknowledged, the guest paused here
                }
            }
        });
        MigrationOutcome outcome = m[0].run();

        assertTrue(outcome.cancelled(), outcome.toString());
        assertEquals(GuestLocation.SOURCE, outcome.location());
        List<LifecycleEvent> src = hosts.source.events.subList(sourceEvents, hosts.source.events.size());
        assertEquals(List.of(LifecycleEventDetail.SUSPENDED_MIGRATED, LifecycleEventDetail.RESUMED_MIGRATED),
                details(src));
        assertEquals(DomainStateReason.RUNNING_MIGRATION_CANCELED, hosts.source.driver.getState(NAME).reason());
        assertEquals("false", hosts.source.ctl(hosts.bin, NAME, "status").get("paused"));
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        List<LifecycleEvent> dst = hosts.destination.events.subList(destinationEvents,
                hosts.destination.events.size());
        assertEquals(List.of(LifecycleEventDetail.STARTED_MIGRATED, LifecycleEventDetail.STOPPED_FAILED),
                details(dst));
        assertEquals(DomainStateReason.SHUTOFF_FAILED, hosts.destination.driver.getState(NAME).reason());
        assertEquals(kept, hosts.destination.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()),
                "the destination's persistent definition is untouched");
        assertFalse(Files.exists(hosts.destination.emuDir.resolve("vmm").resolve(NAME)), "no VM on the destination");
        hosts.source.driver.suspend(NAME); // the job is over
    }

    @Test
    void destroyingTheSourceDomainDuringItsMigrationFailsTheMigrationAndLeavesNoGuestAnywhere() throws Exception {
        MigrationOutcome[] outcome = new MigrationOutcome[1];
        MigrationListener destroyer = new MigrationListener() {
            @Override
            public void progress(MigrationProgress p) {
                if (p.memIteration() == 1) {
                    hosts.source.driver.destroy(NAME, 0); // destroy stays possible during the job
                }
            }
        };
        outcome[0] = migration(MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(32L << 20), destroyer)
                .run();

        assertEquals(GuestLocation.NONE, outcome[0].location(), outcome[0].toString());
        assertTrue(outcome[0].error().orElseThrow().getMessage().contains("ended on the source"),
                outcome[0].error().orElseThrow().getMessage());
        assertEquals(DomainStateReason.SHUTOFF_DESTROYED, hosts.source.driver.getState(NAME).reason());
        assertTrue(hosts.source.driver.migration().job(NAME).isEmpty());
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "no domain on the destination");
        assertFalse(Files.exists(hosts.destination.emuDir.resolve("vmm").resolve(NAME)), "no VM on the destination");
        assertThrows(BhyveDriverException.class, () -> hosts.source.driver.suspend(NAME), "inactive, not held");
        assertEquals(DomainJob.values().length, 2);
    }

    @Test
    void theDestinationHalfWorksOnItsOwnAndAPreparedDestinationCanBeCancelledBeforeAnySourceConnects()
            throws Exception {
        ManagedDestination destination = new ManagedDestination(hosts.destination.driver, hosts.destination.vmms,
                hosts.destination.stateDir, InetAddress.getLoopbackAddress());
        String definition = hosts.source.driver.migration().begin(NAME);
        org.bhyvirt.driver.vmm.Vmm vmm = hosts.source.vmms.open(NAME);
        org.bhyvirt.migration.engine.MigrationOffer offer = MachineCheck.offer(NAME,
                hosts.source.driver.migration().machine(NAME), vmm.layout().memoryBytes(),
                MigrationOptions.defaults(MigrationKind.LIVE));

        PreparedIncoming abandoned = destination.prepare(definition, offer, java.time.Duration.ofSeconds(10));
        assertEquals(DomainStateReason.PAUSED_MIGRATION, hosts.destination.driver.getState(NAME).reason());
        abandoned.cancel();
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "cancelled: no domain");
        assertEquals(List.of(LifecycleEventDetail.STARTED_MIGRATED, LifecycleEventDetail.STOPPED_FAILED),
                details(hosts.destination.events));

        PreparedIncoming prepared = destination.prepare(definition, offer, java.time.Duration.ofSeconds(10));
        org.bhyvirt.migration.engine.SourceMigration source = org.bhyvirt.migration.engine.SourceMigration.begin(vmm,
                offer);
        source.perform(prepared.incoming(), p -> { }, () -> hosts.source.driver.migration().switchOverPaused(NAME));
        org.bhyvirt.migration.engine.TargetTimes times = prepared.finish(java.time.Duration.ofSeconds(60));
        source.confirm(true, () -> hosts.source.driver.migration().confirmOutgoing(NAME, true));
        System.out.printf("destination on its own: restore %.1f ms, resume %.1f ms, driver record %.1f ms%n",
                times.restore().toNanos() / 1e6, times.resume().toNanos() / 1e6, times.record().toNanos() / 1e6);
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason());
        assertEquals(DomainStateReason.SHUTOFF_MIGRATED, hosts.source.driver.getState(NAME).reason());
        assertEquals("true", hosts.destination.ctl(hosts.bin, NAME, "self-check").get("healthy"));
    }

    @Test
    void aDestinationWhereTheDomainAlreadyRunsRefusesPrepareAndBothHostsKeepTheirGuests() throws Exception {
        Path other = hosts.guestImage("--working-set", "16MiB", "--write-rate", "1MiB/s");
        hosts.destination.driver.createXML(DriverHosts.domainXml(NAME, 256, other), 0);
        hosts.destination.awaitControlSocket(NAME);
        String bootId = hosts.destination.ctl(hosts.bin, NAME, "status").get("bootId");
        MigrationOutcome outcome = migration(MigrationOptions.defaults(MigrationKind.LIVE), MigrationListener.NONE)
                .run();

        assertEquals(GuestLocation.SOURCE, outcome.location(), outcome.toString());
        assertEquals(MigrationPhase.PREPARE, outcome.error().orElseThrow().phase());
        assertEquals(DomainStateReason.RUNNING_BOOTED, hosts.source.driver.getState(NAME).reason());
        assertTrue(hosts.source.driver.migration().job(NAME).isEmpty(), "the source's job ended");
        assertEquals(DomainStateReason.RUNNING_BOOTED, hosts.destination.driver.getState(NAME).reason());
        assertEquals(bootId, hosts.destination.ctl(hosts.bin, NAME, "status").get("bootId"),
                "the destination's own guest is untouched");
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
    }
}
