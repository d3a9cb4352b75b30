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
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.nativ.DomainNativeMigration;
import org.bhyvirt.migration.nativ.NativeMigrationOptions;
import org.bhyvirt.migration.nativ.NativeMigrationReport;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The patched bhyve's own migration reached through two hosts' DomainDrivers: the destination's
 * bhyve runs in receive mode ({@code -R}) as a domain, PAUSED(MIGRATION) with a STARTED migrated
 * event, then RUNNING(MIGRATED) with RESUMED migrated; the source's bhyve exits 0 and the domain is
 * SHUTOFF(MIGRATED), never rebooted. A refused request leaves the guest running on the source and no
 * domain on the destination.
 */
class DriverNativeMigrationTest {
    private static final String NAME = "native";

    /** Which of the patch's migrations bhyvectl asks for. */
    enum Kind {
        WARM,
        LIVE
    }

    /** Whether the guest's memory is wired ({@code <memoryBacking><locked/>}, bhyve -S), which live needs. */
    enum Memory {
        WIRED,
        SWAPPABLE
    }

    private DriverHosts hosts;

    @AfterEach
    void tearDown() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
    }

    private void startGuest(Memory memory) throws Exception {
        hosts = new DriverHosts();
        Path disk = hosts.guestImage("--working-set", "64MiB", "--write-rate", "16MiB/s", "--pattern", "random");
        String xml = DriverHosts.domainXml(NAME, 256, disk);
        if (memory == Memory.WIRED) {
            xml = xml.replace("  <vcpu>", "  <memoryBacking><locked/></memoryBacking>\n  <vcpu>");
        }
        hosts.source.driver.defineXML(xml, 0);
        hosts.source.driver.start(NAME, 0);
        hosts.source.awaitControlSocket(NAME);
        Thread.sleep(500); // the guest writes for a while before it moves
    }

    private static List<LifecycleEventDetail> details(List<LifecycleEvent> events) {
        return events.stream().map(LifecycleEvent::detail).toList();
    }

    private DomainNativeMigration migration(Kind kind) {
        return new DomainNativeMigration(hosts.source.driver, hosts.destination.driver, NAME,
                InetAddress.getLoopbackAddress(), kind == Kind.LIVE,
                new NativeMigrationOptions(Duration.ofSeconds(120), Duration.ofMillis(500), Duration.ZERO));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aNativelyMigratedDomainRunsMigratedOnTheDestinationAndIsShutoffMigratedOnTheSource(Kind kind)
            throws Exception {
        startGuest(Memory.WIRED);
        String definition = hosts.source.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit());
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        long t0 = System.nanoTime();
        NativeMigrationReport r = migration(kind).run();
        System.out.printf("driver native %s 256 MiB: total %d ms (setup %d ms, transfer %d ms, supervision %d ms)%n",
                kind, (System.nanoTime() - t0) / 1_000_000, r.times().setup().toMillis(),
                r.times().transfer().toMillis(), r.times().total().toMillis());

        assertEquals(DomainStateReason.SHUTOFF_MIGRATED, hosts.source.driver.getState(NAME).reason());
        assertEquals(List.of(LifecycleEventDetail.DEFINED_ADDED, LifecycleEventDetail.STARTED_BOOTED,
                LifecycleEventDetail.STOPPED_MIGRATED), details(hosts.source.events),
                "the source's exit 0 was no reboot");
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason());
        List<LifecycleEventDetail> dst = details(hosts.destination.events);
        assertEquals(List.of(LifecycleEventDetail.STARTED_MIGRATED, LifecycleEventDetail.RESUMED_MIGRATED),
                dst.subList(dst.size() - 2, dst.size()), "PAUSED(MIGRATION) until the guest arrived: " + dst);
        assertEquals(definition, hosts.destination.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()));
        assertFalse(Files.exists(hosts.source.emuDir.resolve("vmm").resolve(NAME)), "the source VM is gone");
        hosts.destination.awaitControlSocket(NAME);
        Map<String, String> check = hosts.destination.ctl(hosts.bin, NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        assertEquals(before.get("bootId"), hosts.destination.ctl(hosts.bin, NAME, "status").get("bootId"));
        Thread.sleep(300);
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason(),
                "the destination's guest keeps running");
    }

    @Test
    void aRefusedLiveRequestLeavesTheGuestRunningOnTheSourceAndNoDomainOnTheDestination() throws Exception {
        startGuest(Memory.SWAPPABLE); // the patch refuses live migration without wired memory
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        MigrationException e = assertThrows(MigrationException.class, () -> migration(Kind.LIVE).run());
        assertTrue(e.getMessage().contains("bhyvectl"), e.getMessage());

        assertEquals(DomainStateReason.RUNNING_BOOTED, hosts.source.driver.getState(NAME).reason());
        assertEquals(before.get("bootId"), hosts.source.ctl(hosts.bin, NAME, "status").get("bootId"));
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "no domain on the destination");
        assertEquals(List.of(LifecycleEventDetail.STARTED_MIGRATED, LifecycleEventDetail.STOPPED_FAILED),
                details(hosts.destination.events));
        assertFalse(Files.exists(hosts.destination.emuDir.resolve("vmm").resolve(NAME)), "no VM on the destination");
    }

    @Test
    void aNativeMigrationCancelledBeforeThePatchWasAskedLeavesTheGuestOnTheSource() throws Exception {
        startGuest(Memory.WIRED);
        Map<String, String> before = hosts.source.ctl(hosts.bin, NAME, "status");
        ManagedDestination destination = new ManagedDestination(hosts.destination.driver, hosts.destination.vmms,
                hosts.destination.stateDir, InetAddress.getLoopbackAddress());
        ManagedMigration[] migration = new ManagedMigration[1];
        migration[0] = new ManagedMigration(new SourceHost(hosts.source.driver, hosts.source.vmms), destination, NAME,
                MigrationOptions.defaults(MigrationKind.NATIVE), new MigrationListener() {
                    @Override
                    public void phase(MigrationPhase phase) {
                        if (phase == MigrationPhase.PERFORM) {
                            migration[0].cancel();
                        }
                    }
                });
        MigrationOutcome o = migration[0].run();

        assertEquals(GuestLocation.SOURCE, o.location());
        assertTrue(o.cancelled(), String.valueOf(o.error()));
        assertEquals(DomainStateReason.RUNNING_BOOTED, hosts.source.driver.getState(NAME).reason());
        assertTrue(hosts.source.driver.migration().job(NAME).isEmpty(), "the source's job ended");
        assertEquals(before.get("bootId"), hosts.source.ctl(hosts.bin, NAME, "status").get("bootId"));
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "no domain on the destination");
        assertFalse(Files.exists(hosts.destination.emuDir.resolve("vmm").resolve(NAME)), "no VM on the destination");
    }

    @Test
    void theOptionsTimeoutBoundsTheNativeMigrationAndNoTimeoutMeansTenMinutes() {
        assertEquals(Duration.ofSeconds(90), NativeDomainMigration.nativeOptions(
                MigrationOptions.defaults(MigrationKind.NATIVE).withTimeout(Duration.ofSeconds(90))).timeout());
        assertEquals(NativeMigrationOptions.DEFAULTS,
                NativeDomainMigration.nativeOptions(MigrationOptions.defaults(MigrationKind.NATIVE)));
    }
}
