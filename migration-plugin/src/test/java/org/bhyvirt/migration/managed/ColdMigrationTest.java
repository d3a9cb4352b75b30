package org.bhyvirt.migration.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bhyvirt.driver.domain.flags.XmlFlag;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.engine.Checkpointer;
import org.bhyvirt.migration.engine.ColdSourceMigration;
import org.bhyvirt.migration.engine.ColdTargetMigration;
import org.bhyvirt.migration.engine.DomainCheckpointer;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cold migration between two hosts' DomainDrivers: the source checkpoints to files through its
 * driver (PAUSED(MIGRATION), SUSPENDED migrated), the files travel over the protocol, the
 * destination restores them ({@code bhyve -r}, RUNNING(MIGRATED), STARTED migrated) and the source
 * ends SHUTOFF(MIGRATED); the guest continues with its boot id and a clean self-check. A failure
 * after the checkpoint restores the guest on the source (RUNNING(MIGRATION_CANCELED)).
 */
class ColdMigrationTest {
    private static final String NAME = "cold";

    private DriverHosts hosts;
    private String xml;

    @AfterEach
    void tearDown() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
    }

    private void startGuest(long memoryMiB) throws Exception {
        hosts = new DriverHosts();
        Path disk = hosts.guestImage("--working-set", "128MiB", "--write-rate", "32MiB/s", "--pattern", "random");
        xml = DriverHosts.domainXml(NAME, memoryMiB, disk);
        hosts.source.driver.defineXML(xml, 0);
        hosts.source.driver.start(NAME, 0);
        hosts.source.awaitControlSocket(NAME);
        Thread.sleep(500); // the guest writes for a while before it moves
    }

    private static MigrationOffer offer(long memoryMiB) {
        return new MigrationOffer(NAME, memoryMiB << 20, 2, "host", List.of(),
                MigrationOptions.defaults(MigrationKind.COLD));
    }

    private static List<LifecycleEventDetail> details(List<LifecycleEvent> events) {
        return events.stream().map(LifecycleEvent::detail).toList();
    }

    @Test
    void aColdMigratedDomainContinuesOnTheDestinationWithItsBootIdAndACleanSelfCheck() throws Exception {
        coldMigrationMovesTheGuest(256);
    }

    @Test
    void aOneGibColdMigrationMovesTheGuestToo() throws Exception {
        coldMigrationMovesTheGuest(1024);
    }

    private void coldMigrationMovesTheGuest(long memoryMiB) throws Exception {
        startGuest(memoryMiB);
        String definition = hosts.source.driver.migration().begin(NAME);
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        long t0 = System.nanoTime();
        ColdSourceMigration source = ColdSourceMigration.begin(offer(memoryMiB),
                new DomainCheckpointer(hosts.source.driver.coldMigration()), hosts.source.stateDir);
        ColdTargetMigration target = ColdTargetMigration.prepare(source.offer(), InetAddress.getLoopbackAddress(),
                hosts.destination.stateDir, Duration.ofSeconds(10));
        MigrationProgress sent = source.perform(target.incoming(), p -> { });
        assertEquals(DomainStateReason.PAUSED_MIGRATION, hosts.source.driver.getState(NAME).reason(),
                "checkpointed, waiting for the destination");
        target.finish((name, checkpoint) -> hosts.destination.driver.coldMigration().restoreIncoming(definition,
                checkpoint), Duration.ofSeconds(60));
        MigrationProgress done = source.confirm(true);
        long total = (System.nanoTime() - t0) / 1_000_000;
        hosts.destination.awaitControlSocket(NAME);
        System.out.printf("driver cold %d MiB: total %d ms, downtime %d ms (checkpoint %d ms, transfer %d ms, "
                + "restore %d ms), %d data pages, %d zero pages, %d bytes on the wire%n", memoryMiB, total,
                done.downtime(), done.durations().stateTransfer().toMillis(), done.durations().finalTransfer().toMillis(),
                done.durations().resume().toMillis(), done.memNormal(), done.memConstant(), sent.dataProcessed());

        assertEquals(DomainStateReason.SHUTOFF_MIGRATED, hosts.source.driver.getState(NAME).reason());
        assertEquals(List.of(LifecycleEventDetail.SUSPENDED_MIGRATED, LifecycleEventDetail.STOPPED_MIGRATED),
                details(hosts.source.events).subList(details(hosts.source.events).size() - 2,
                        details(hosts.source.events).size()));
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason());
        assertTrue(details(hosts.destination.events).contains(LifecycleEventDetail.STARTED_MIGRATED),
                hosts.destination.events.toString());
        assertEquals(definition, hosts.destination.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()));
        assertFalse(Files.exists(hosts.source.emuDir.resolve("vmm").resolve(NAME)), "the source VM is gone");
        assertFalse(Files.exists(source.checkpointFile()), "the source's checkpoint is deleted");
        assertFalse(Files.exists(hosts.destination.stateDir.resolve(NAME + ".cold")), "the driver took the files over");
        Map<String, String> check = hosts.destination.ctl(hosts.bin, NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        Map<String, String> after = hosts.destination.ctl(hosts.bin, NAME, "status");
        assertEquals(before.get("bootId"), after.get("bootId"));
        assertTrue(Long.parseLong(after.get("uptimeMs")) >= Long.parseLong(before.get("uptimeMs")),
                "uptime continues: " + before.get("uptimeMs") + " then " + after.get("uptimeMs"));
    }

    /** A cold migration over the orchestrator with {@code options}; returns its outcome. */
    private MigrationOutcome migrate(MigrationOptions options) {
        ManagedDestination destination = new ManagedDestination(hosts.destination.driver, hosts.destination.vmms,
                hosts.destination.stateDir, InetAddress.getLoopbackAddress());
        return new ManagedMigration(new SourceHost(hosts.source.driver, hosts.source.vmms), destination, NAME,
                options, new MigrationListener() { }).run();
    }

    @Test
    void theBandwidthLimitPacesTheCheckpointStream() throws Exception {
        startGuest(256);
        long limit = 32L << 20;
        MigrationOutcome o = migrate(MigrationOptions.defaults(MigrationKind.COLD).withBandwidthLimit(limit));
        assertEquals(GuestLocation.DESTINATION, o.location(), String.valueOf(o.error().orElse(null)));
        MigrationProgress p = o.progress();
        long transferMs = p.durations().finalTransfer().toMillis();
        long floorMs = (p.dataProcessed() - limit / 10) * 1000 / limit; // the bucket starts with 0.1 s of burst
        System.out.printf("cold at 32 MiB/s: %d bytes in %d ms (floor %d ms), %d B/s%n", p.dataProcessed(),
                transferMs, floorMs, p.memBps());
        assertTrue(p.dataProcessed() > 64L << 20, "the guest's 128 MiB working set is mostly data pages");
        assertTrue(transferMs >= floorMs, transferMs + " ms for " + p.dataProcessed() + " bytes at 32 MiB/s");
        assertTrue(p.memBps() <= limit * 11 / 10, p.memBps() + " B/s");
        hosts.destination.awaitControlSocket(NAME);
        assertEquals("true", hosts.destination.ctl(hosts.bin, NAME, "self-check").get("healthy"));
    }

    @Test
    void aColdMigrationPastItsTimeoutRestoresTheGuestOnTheSource() throws Exception {
        startGuest(256);
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        MigrationOutcome o = migrate(MigrationOptions.defaults(MigrationKind.COLD).withBandwidthLimit(8L << 20)
                .withTimeout(Duration.ofSeconds(2)));
        assertEquals(GuestLocation.SOURCE, o.location());
        MigrationException error = o.error().orElseThrow();
        assertEquals(MigrationException.Code.OPERATION_TIMEOUT, error.code(), error.getMessage());
        assertTrue(error.getMessage().contains("MEMORY byte"), error.getMessage());
        assertEquals(DomainState.RUNNING, hosts.source.driver.getState(NAME).state());
        hosts.source.awaitControlSocket(NAME);
        Map<String, String> after = hosts.source.ctl(hosts.bin, NAME, "status");
        assertEquals(before.get("bootId"), after.get("bootId"), "the same boot, restored from its checkpoint");
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "nothing on the destination");
        assertFalse(Files.exists(hosts.destination.emuDir.resolve("vmm").resolve(NAME)), "no VM on the destination");
    }

    @Test
    void aStreamCutAfterTheCheckpointRestoresTheGuestOnTheSource() throws Exception {
        startGuest(256);
        hosts.source.driver.migration().begin(NAME);
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        ColdTargetMigration[] target = new ColdTargetMigration[1];
        DomainCheckpointer driver = new DomainCheckpointer(hosts.source.driver.coldMigration());
        Checkpointer cutAfterCheckpoint = new Checkpointer() {
            @Override
            public void checkpoint(String name, Path file) {
                driver.checkpoint(name, file);
                target[0].cancel(); // the destination gives up once the guest is stopped here
            }

            @Override
            public void restore(String name, Path file) {
                driver.restore(name, file);
            }

            @Override
            public void release(String name) {
                throw new AssertionError("never released: the migration failed");
            }
        };
        ColdSourceMigration source = ColdSourceMigration.begin(offer(256), cutAfterCheckpoint, hosts.source.stateDir);
        target[0] = ColdTargetMigration.prepare(source.offer(), InetAddress.getLoopbackAddress(),
                hosts.destination.stateDir, Duration.ofSeconds(10));
        MigrationException e = assertThrows(MigrationException.class, () -> source.perform(target[0].incoming(), p -> { }));
        assertThrows(MigrationException.class, () -> target[0].finish((n, c) -> {
            throw new AssertionError("no start on the destination");
        }, Duration.ofSeconds(30)));

        assertEquals(DomainStateReason.RUNNING_MIGRATION_CANCELED, hosts.source.driver.getState(NAME).reason(),
                e.getMessage());
        assertEquals(List.of(LifecycleEventDetail.SUSPENDED_MIGRATED, LifecycleEventDetail.RESUMED_MIGRATED),
                details(hosts.source.events).subList(details(hosts.source.events).size() - 2,
                        details(hosts.source.events).size()));
        hosts.source.awaitControlSocket(NAME);
        Map<String, String> check = hosts.source.ctl(hosts.bin, NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        assertEquals(before.get("bootId"), hosts.source.ctl(hosts.bin, NAME, "status").get("bootId"));
        assertFalse(Files.exists(source.checkpointFile()), "the driver took the checkpoint over to restore it");
        assertFalse(Files.exists(hosts.destination.stateDir.resolve(NAME + ".cold")), "nothing left on the destination");
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "no domain on the destination");
    }

    @Test
    void aDestinationThatCannotStartTheGuestLeavesItRestoredOnTheSource() throws Exception {
        startGuest(256);
        hosts.source.driver.migration().begin(NAME);
        ColdSourceMigration source = ColdSourceMigration.begin(offer(256),
                new DomainCheckpointer(hosts.source.driver.coldMigration()), hosts.source.stateDir);
        ColdTargetMigration target = ColdTargetMigration.prepare(source.offer(), InetAddress.getLoopbackAddress(),
                hosts.destination.stateDir, Duration.ofSeconds(10));
        source.perform(target.incoming(), p -> { });
        MigrationException e = assertThrows(MigrationException.class, () -> target.finish((n, c) -> {
            throw new IllegalStateException("bhyve -r refused the checkpoint");
        }, Duration.ofSeconds(30)));
        assertEquals(MigrationException.Code.OPERATION_FAILED, e.code());
        source.confirm(false);

        assertEquals(DomainStateReason.RUNNING_MIGRATION_CANCELED, hosts.source.driver.getState(NAME).reason());
        hosts.source.awaitControlSocket(NAME);
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertFalse(Files.exists(hosts.destination.stateDir.resolve(NAME + ".cold")), "the received files are deleted");
    }

    @Test
    void aRefusedHandshakeNeverStopsTheGuest() throws Exception {
        startGuest(256);
        hosts.source.driver.migration().begin(NAME);
        ColdSourceMigration source = ColdSourceMigration.begin(offer(256),
                new DomainCheckpointer(hosts.source.driver.coldMigration()), hosts.source.stateDir);
        MigrationOffer other = new MigrationOffer(NAME, 512L << 20, 2, "host", List.of(),
                MigrationOptions.defaults(MigrationKind.COLD));
        ColdTargetMigration target = ColdTargetMigration.prepare(other, InetAddress.getLoopbackAddress(),
                hosts.destination.stateDir, Duration.ofSeconds(10));
        MigrationException e = assertThrows(MigrationException.class, () -> source.perform(target.incoming(), p -> { }));
        assertEquals(MigrationException.Code.CONFIG_UNSUPPORTED, e.code(), e.getMessage());
        assertEquals(DomainStateReason.RUNNING_BOOTED, hosts.source.driver.getState(NAME).reason());
        assertFalse(details(hosts.source.events).contains(LifecycleEventDetail.SUSPENDED_MIGRATED));
    }
}
