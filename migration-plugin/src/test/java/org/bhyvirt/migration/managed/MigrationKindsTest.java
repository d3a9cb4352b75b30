package org.bhyvirt.migration.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The product orchestrator offers every kind: a {@link ManagedMigration} of kind COLD or NATIVE
 * moves a running domain between two DomainDrivers (the guest continues on the destination with
 * its boot id and a clean self-check; the source domain is SHUTOFF(MIGRATED)), and a cancelled
 * cold migration leaves it running on the source.
 */
class MigrationKindsTest {
    private static final String NAME = "kinds";

    /** The kinds this test drives through the orchestrator. */
    enum Kind {
        COLD(MigrationKind.COLD),
        NATIVE(MigrationKind.NATIVE);

        final MigrationKind kind;

        Kind(MigrationKind kind) {
            this.kind = kind;
        }
    }

    private DriverHosts hosts;

    @AfterEach
    void tearDown() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
    }

    private void startGuest() throws Exception {
        hosts = new DriverHosts();
        Path disk = hosts.guestImage("--working-set", "64MiB", "--write-rate", "16MiB/s", "--pattern", "random");
        String xml = DriverHosts.domainXml(NAME, 256, disk)
                .replace("  <vcpu>", "  <memoryBacking><locked/></memoryBacking>\n  <vcpu>");
        hosts.source.driver.defineXML(xml, 0);
        hosts.source.driver.start(NAME, 0);
        hosts.source.awaitControlSocket(NAME);
        Thread.sleep(300);
    }

    private ManagedMigration migration(MigrationKind kind, MigrationListener listener) {
        ManagedDestination destination = new ManagedDestination(hosts.destination.driver, hosts.destination.vmms,
                hosts.destination.stateDir, InetAddress.getLoopbackAddress());
        return new ManagedMigration(new SourceHost(hosts.source.driver, hosts.source.vmms), destination, NAME,
                MigrationOptions.defaults(kind), listener);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void theOrchestratorMovesARunningDomainOfEachKind(Kind kind) throws Exception {
        startGuest();
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        List<MigrationPhase> phases = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        MigrationOutcome outcome = migration(kind.kind, new MigrationListener() {
            @Override
            public void phase(MigrationPhase phase) {
                phases.add(phase);
            }
        }).run();
        System.out.printf("orchestrator %s 256 MiB: total %d ms%s%n", kind, (System.nanoTime() - t0) / 1_000_000,
                outcome.downtime().map(d -> ", " + d.describe()).orElse(""));

        assertTrue(outcome.completed(), outcome.error().map(MigrationException::getMessage).orElse(""));
        assertEquals(DomainStateReason.SHUTOFF_MIGRATED, hosts.source.driver.getState(NAME).reason());
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason());
        assertFalse(phases.isEmpty(), "the listener saw the phases");
        hosts.destination.awaitControlSocket(NAME);
        Map<String, String> check = hosts.destination.ctl(hosts.bin, NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        assertEquals(before.get("bootId"), hosts.destination.ctl(hosts.bin, NAME, "status").get("bootId"));
        assertTrue(hosts.destination.driver.migration().job(NAME).isEmpty(), "no job left on the destination");
    }

    @Test
    void aColdMigrationCancelledDuringPerformLeavesTheGuestRunningOnTheSource() throws Exception {
        startGuest();
        ManagedMigration[] m = new ManagedMigration[1];
        m[0] = migration(MigrationKind.COLD, new MigrationListener() {
            @Override
            public void phase(MigrationPhase phase) {
                if (phase == MigrationPhase.PERFORM) {
                    m[0].cancel();
                }
            }
        });
        MigrationOutcome outcome = m[0].run();

        assertTrue(outcome.cancelled(), outcome.toString());
        assertEquals(GuestLocation.SOURCE, outcome.location());
        assertTrue(hosts.source.driver.getState(NAME).isActive());
        assertTrue(hosts.source.driver.migration().job(NAME).isEmpty(), "the source's job ended");
        hosts.source.awaitControlSocket(NAME);
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "no domain on the destination");
        try (var files = Files.list(hosts.destination.stateDir.resolve("save"))) {
            assertEquals(0, files.count(), "no checkpoint left on the destination");
        } catch (java.nio.file.NoSuchFileException e) {
            // no save directory: nothing was staged
        }
    }
}
