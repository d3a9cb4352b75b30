package org.bhyvirt.migration.engine;

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
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine driven through two hosts' DomainDrivers, as libvirt's v3 migration drives its
 * drivers: begin (definition) on the source, prepare and finish (a supervised {@code bhyve -r}) on
 * the destination, confirm on the source. After a live migration the source domain is
 * SHUTOFF(MIGRATED) with a STOPPED migrated event (its bhyve's end is no reboot), the destination's
 * RUNNING(MIGRATED) with a STARTED migrated event and the same definition, and the guest's
 * self-check is clean; a cancelled one leaves the source domain RUNNING and nothing on the
 * destination.
 */
class DriverMigrationTest {
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

    private MigrationOffer offer(Vmm vmm, MigrationOptions options) {
        return new MigrationOffer(NAME, vmm.layout().memoryBytes(), 2, "host", List.of(), options);
    }

    @Test
    void aLiveMigratedDomainIsShutoffMigratedOnTheSourceAndRunningMigratedOnTheDestination() throws Exception {
        String definition = hosts.source.driver.migration().begin(NAME);
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        Vmm vmm = hosts.source.vmms.open(NAME);
        SourceMigration source = SourceMigration.begin(vmm, offer(vmm, MigrationOptions.defaults(MigrationKind.LIVE)));
        TargetMigration target = TargetMigration.prepare(source.offer(), hosts.destination.vmms,
                InetAddress.getLoopbackAddress(), hosts.destination.stateDir, Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        source.perform(target.incoming(), p -> { });
        target.finish((name, checkpoint) -> hosts.destination.driver.migration().finishIncoming(definition, checkpoint),
                Duration.ofSeconds(60));
        MigrationProgress done = source.confirm(true,
                () -> hosts.source.driver.migration().confirmOutgoing(NAME, true));
        System.out.printf("driver live 256 MiB: total %d ms, downtime %d ms, rounds %d%n",
                (System.nanoTime() - t0) / 1_000_000, done.downtime(), done.memIteration());

        assertEquals(DomainStateReason.SHUTOFF_MIGRATED, hosts.source.driver.getState(NAME).reason());
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason());
        assertEquals(LifecycleEventDetail.STOPPED_MIGRATED, hosts.source.events.get(hosts.source.events.size() - 1).detail());
        assertTrue(hosts.destination.events.stream().anyMatch(e -> e.detail() == LifecycleEventDetail.STARTED_MIGRATED),
                hosts.destination.events.toString());
        assertEquals(definition, hosts.destination.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()));
        assertFalse(Files.exists(hosts.source.emuDir.resolve("vmm").resolve(NAME)), "the source VM is gone");
        hosts.destination.awaitControlSocket(NAME);
        Map<String, String> check = hosts.destination.ctl(hosts.bin, NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        Map<String, String> after = hosts.destination.ctl(hosts.bin, NAME, "status");
        assertEquals(before.get("bootId"), after.get("bootId"));
        Thread.sleep(300);
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason(),
                "the destination's guest keeps running");
    }

    @Test
    void aCancelledMigrationLeavesTheDomainRunningOnTheSourceAndNothingOnTheDestination() throws Exception {
        hosts.source.driver.migration().begin(NAME);
        Vmm vmm = hosts.source.vmms.open(NAME);
        SourceMigration source = SourceMigration.begin(vmm, offer(vmm,
                MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(16L << 20)));
        TargetMigration target = TargetMigration.prepare(source.offer(), hosts.destination.vmms,
                InetAddress.getLoopbackAddress(), hosts.destination.stateDir, Duration.ofSeconds(10));
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            source.cancel();
        });
        canceller.start();
        MigrationException e = assertThrows(MigrationException.class, () -> source.perform(target.incoming(), p -> { }));
        canceller.join();
        assertEquals(MigrationException.Code.OPERATION_ABORTED, e.code(), e.getMessage());
        assertThrows(MigrationException.class, () -> target.finish((n, c) -> {
            throw new AssertionError("no start on the destination");
        }, Duration.ofSeconds(30)));
        hosts.source.driver.migration().confirmOutgoing(NAME, false);
        vmm.close();

        assertEquals(DomainStateReason.RUNNING_BOOTED, hosts.source.driver.getState(NAME).reason());
        assertEquals("false", hosts.source.ctl(hosts.bin, NAME, "status").get("paused"));
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertFalse(Files.exists(hosts.destination.emuDir.resolve("vmm").resolve(NAME)), "no VM on the destination");
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "no domain on the destination");
    }
}
