package org.bhyvirt.migration.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.bhyvirt.driver.domain.GuestMachine;
import org.bhyvirt.driver.host.HostCpu;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The destination's own check at prepare: a running source offers the machine its bhyve runs
 * (vCPUs, memory, devices) on its CPU model, the destination builds the machine of the same
 * definition itself and refuses any difference before it creates anything.
 */
class MachineCheckTest {
    private static final String NAME = "machine";

    private static DriverHosts hosts;
    private static String xml;

    @BeforeAll
    static void startGuest() throws Exception {
        hosts = new DriverHosts();
        Path disk = hosts.guestImage("--working-set", "16MiB");
        xml = DriverHosts.domainXml(NAME, 128, disk);
        hosts.source.driver.defineXML(xml, 0);
        hosts.source.driver.start(NAME, 0);
        hosts.source.awaitControlSocket(NAME);
    }

    @AfterAll
    static void stop() throws Exception {
        hosts.close();
    }

    private static MigrationOffer sourceOffer(MigrationKind kind) {
        return MachineCheck.offer(NAME, hosts.source.driver.migration().machine(NAME), 128L << 20,
                MigrationOptions.defaults(kind));
    }

    @Test
    void theRunningSourceOffersTheMachineTheDestinationBuildsFromTheSameDefinition() {
        GuestMachine running = hosts.source.driver.migration().machine(NAME);
        GuestMachine planned = hosts.destination.driver.migration().machineFor(xml);
        assertEquals(running, planned);
        assertEquals(new GuestMachine(2, 128L << 20, List.of("0:0,hostbridge", "2:0,ahci,hd")), running,
                "two vCPUs, 128 MiB, the host bridge and one SATA disk on an AHCI controller");
        MigrationOffer offer = sourceOffer(MigrationKind.LIVE);
        assertEquals(HostCpu.model(), offer.cpuModel());
        assertNotEquals("unknown", offer.cpuModel(), "this Linux machine names its CPU in /proc/cpuinfo");
        assertEquals(running.devices(), offer.devices());
    }

    /** Ways an offer differs from what the destination builds, and the refusal each gets. */
    enum Mismatch {
        OTHER_CPU_MODEL(Code.CPU_INCOMPATIBLE, "CPU model", (o, x) -> new Offered(with(o, "another-cpu", o.vcpus(),
                o.memoryBytes(), o.devices()), x)),
        FEWER_VCPUS(Code.CONFIG_UNSUPPORTED, "1 vCPUs against 2", (o, x) -> new Offered(with(o, o.cpuModel(), 1,
                o.memoryBytes(), o.devices()), x)),
        MORE_MEMORY(Code.CONFIG_UNSUPPORTED, "bytes of memory", (o, x) -> new Offered(with(o, o.cpuModel(),
                o.vcpus(), o.memoryBytes() + (2L << 20), o.devices()), x)),
        A_DEVICE_MORE(Code.CONFIG_UNSUPPORTED, "virtio-rnd", (o, x) -> new Offered(with(o, o.cpuModel(), o.vcpus(),
                o.memoryBytes(), plus(o.devices(), "3:0,virtio-rnd")), x)),
        A_DEFINITION_THIS_HOST_CANNOT_RUN(Code.CONFIG_UNSUPPORTED, "CPUs", (o, x) -> new Offered(with(o,
                o.cpuModel(), 255, o.memoryBytes(), o.devices()), x.replace("<vcpu>2</vcpu>", "<vcpu>255</vcpu>")));

        final Code code;
        final String named;
        final BiFunction<MigrationOffer, String, Offered> make;

        Mismatch(Code code, String named, BiFunction<MigrationOffer, String, Offered> make) {
            this.code = code;
            this.named = named;
            this.make = make;
        }
    }

    /** An offer and the definition sent with it. */
    record Offered(MigrationOffer offer, String xml) {
    }

    private static MigrationOffer with(MigrationOffer o, String cpu, int vcpus, long memory, List<String> devices) {
        return new MigrationOffer(o.name(), memory, vcpus, cpu, devices, o.options());
    }

    private static List<String> plus(List<String> devices, String device) {
        List<String> out = new ArrayList<>(devices);
        out.add(device);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Mismatch.class)
    void aDifferentMachineIsRefusedAtPrepareBeforeTheDestinationCreatesAnything(Mismatch mismatch) {
        for (MigrationKind kind : List.of(MigrationKind.LIVE, MigrationKind.COLD)) {
            Offered offered = mismatch.make.apply(sourceOffer(kind), xml);
            ManagedDestination destination = new ManagedDestination(hosts.destination.driver,
                    hosts.destination.vmms, hosts.destination.stateDir, InetAddress.getLoopbackAddress());
            MigrationException e = assertThrows(MigrationException.class,
                    () -> destination.prepare(offered.xml(), offered.offer(), Duration.ofSeconds(5)), kind.name());
            assertEquals(mismatch.code, e.code(), e.getMessage());
            assertEquals(MigrationPhase.PREPARE, e.phase());
            assertTrue(e.getMessage().contains(mismatch.named), e.getMessage());
            assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "no domain on the destination");
            assertTrue(hosts.destination.events.isEmpty(), "no event on the destination");
            assertFalse(Files.exists(hosts.destination.emuDir.resolve("vmm").resolve(NAME)), "no VM");
        }
    }
}
