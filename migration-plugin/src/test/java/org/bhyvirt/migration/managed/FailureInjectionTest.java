package org.bhyvirt.migration.managed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.flags.XmlFlag;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.SourceMigration;
import org.bhyvirt.migration.protocol.MigrationToken;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 3 §4's failure injection: a live {@link ManagedMigration} of a writing guest between two
 * hosts' DomainDrivers (emulated bhyve, real TCP on loopback), with one fault injected at a named
 * point: a cancel at each phase (including while the source waits for COMPLETE_ACK and after it),
 * the connection cut (RST on both ends) mid-round and while awaiting the ACK, the destination's
 * bhyve killed at perform, mid-round, after the ACK and at finish, the destination domain destroyed
 * through its driver mid-round, the source's guest killed mid-round and after the ACK; and a
 * handshake refused (wrong token, incompatible shape).
 * After each, exactly one host runs the guest (none, with an error, only where the source guest
 * itself died), the outcome says which, that guest's self-check is clean and it is not paused, both
 * hosts' stored definitions are as before (the destination's equals the source's once it moved
 * there), and the other host is left with no bhyve process and no VM memory under /dev/shm.
 */
@Timeout(180)
class FailureInjectionTest {
    private static final String NAME = "fault";

    private DriverHosts hosts;
    private String sourceXml;

    /** When the fault strikes. */
    enum When {
        /** As the orchestrator enters a phase. */
        PHASE,
        /** After pre-copy round 0 ended (round 1 about to run; the guest runs on the source). */
        MID_ROUND,
        /** The destination's bhyve is frozen after round 0, so the source sits waiting for COMPLETE_ACK. */
        AWAITING_COMPLETE_ACK,
        /** Right after COMPLETE_ACK (the destination holds everything), before finish. */
        AFTER_COMPLETE_ACK
    }

    /** What the fault is. */
    enum Fault {
        CANCEL, CUT_CONNECTION, KILL_DESTINATION_BHYVE, DESTROY_DESTINATION_DOMAIN, KILL_SOURCE_GUEST
    }

    /** The named injection points and what each must leave behind. */
    enum InjectionPoint {
        CANCEL_AT_BEGIN(When.PHASE, MigrationPhase.BEGIN, Fault.CANCEL, GuestLocation.SOURCE),
        CANCEL_AT_PREPARE(When.PHASE, MigrationPhase.PREPARE, Fault.CANCEL, GuestLocation.SOURCE),
        CANCEL_AT_PERFORM(When.PHASE, MigrationPhase.PERFORM, Fault.CANCEL, GuestLocation.SOURCE),
        CANCEL_MID_ROUND(When.MID_ROUND, null, Fault.CANCEL, GuestLocation.SOURCE),
        CANCEL_AWAITING_COMPLETE_ACK(When.AWAITING_COMPLETE_ACK, null, Fault.CANCEL, GuestLocation.SOURCE),
        CANCEL_AFTER_COMPLETE_ACK(When.AFTER_COMPLETE_ACK, null, Fault.CANCEL, GuestLocation.SOURCE),
        CANCEL_AT_FINISH_IS_TOO_LATE(When.PHASE, MigrationPhase.FINISH, Fault.CANCEL, GuestLocation.DESTINATION),
        CANCEL_AT_CONFIRM_IS_TOO_LATE(When.PHASE, MigrationPhase.CONFIRM, Fault.CANCEL, GuestLocation.DESTINATION),
        CONNECTION_CUT_MID_ROUND(When.MID_ROUND, null, Fault.CUT_CONNECTION, GuestLocation.SOURCE),
        CONNECTION_CUT_AWAITING_COMPLETE_ACK(When.AWAITING_COMPLETE_ACK, null, Fault.CUT_CONNECTION,
                GuestLocation.SOURCE),
        DESTINATION_BHYVE_KILLED_AT_PERFORM(When.PHASE, MigrationPhase.PERFORM, Fault.KILL_DESTINATION_BHYVE,
                GuestLocation.SOURCE),
        DESTINATION_BHYVE_KILLED_MID_ROUND(When.MID_ROUND, null, Fault.KILL_DESTINATION_BHYVE, GuestLocation.SOURCE),
        DESTINATION_BHYVE_KILLED_AFTER_COMPLETE_ACK(When.AFTER_COMPLETE_ACK, null, Fault.KILL_DESTINATION_BHYVE,
                GuestLocation.SOURCE),
        DESTINATION_BHYVE_KILLED_AT_FINISH(When.PHASE, MigrationPhase.FINISH, Fault.KILL_DESTINATION_BHYVE,
                GuestLocation.SOURCE),
        DESTINATION_DOMAIN_DESTROYED_MID_ROUND(When.MID_ROUND, null, Fault.DESTROY_DESTINATION_DOMAIN,
                GuestLocation.SOURCE),
        SOURCE_GUEST_KILLED_MID_ROUND(When.MID_ROUND, null, Fault.KILL_SOURCE_GUEST, GuestLocation.NONE),
        SOURCE_GUEST_KILLED_AFTER_COMPLETE_ACK(When.AFTER_COMPLETE_ACK, null, Fault.KILL_SOURCE_GUEST,
                GuestLocation.DESTINATION);

        final When when;
        final MigrationPhase phase;
        final Fault fault;
        final Set<GuestLocation> allowed;

        InjectionPoint(When when, MigrationPhase phase, Fault fault, GuestLocation expected, GuestLocation... or) {
            this.when = when;
            this.phase = phase;
            this.fault = fault;
            this.allowed = EnumSet.of(expected, or);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        hosts = new DriverHosts();
        Path disk = hosts.guestImage("--working-set", "32MiB", "--write-rate", "16MiB/s", "--pattern", "random");
        String xml = DriverHosts.domainXml(NAME, 128, disk);
        hosts.source.driver.defineXML(xml, 0);
        sourceXml = hosts.source.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit());
        hosts.source.driver.start(NAME, 0);
        hosts.source.awaitControlSocket(NAME);
        Thread.sleep(300); // the guest writes for a while before it moves
    }

    @AfterEach
    void tearDown() throws Exception {
        HostFaults.signalBhyve(hosts.destination.emuDir, "CONT");
        hosts.close();
    }

    @ParameterizedTest
    @EnumSource(InjectionPoint.class)
    void afterEachFaultExactlyOneHostRunsTheHealthyGuestAndNothingLeaks(InjectionPoint point) throws Exception {
        migrateWithFault(point, 1);
    }

    /**
     * With two TCP channels the data channel's thread writes pages while the control thread fails
     * or is cancelled: the faults that strike while pages flow, and after the last ones.
     */
    @ParameterizedTest
    @EnumSource(value = InjectionPoint.class, names = {"CANCEL_MID_ROUND", "CONNECTION_CUT_MID_ROUND",
        "DESTINATION_BHYVE_KILLED_MID_ROUND", "DESTINATION_DOMAIN_DESTROYED_MID_ROUND", "CANCEL_AWAITING_COMPLETE_ACK",
        "DESTINATION_BHYVE_KILLED_AFTER_COMPLETE_ACK"})
    void overTwoChannelsTooExactlyOneHostRunsTheHealthyGuestAndNothingLeaks(InjectionPoint point) throws Exception {
        migrateWithFault(point, 2);
    }

    private void migrateWithFault(InjectionPoint point, int channels) throws Exception {
        if (point.fault == Fault.CUT_CONNECTION) {
            assumeTrue(HostFaults.canCutConnections(), "ss -K cannot cut sockets here (needs root, SOCK_DESTROY)");
        }
        ManagedDestination destination = new ManagedDestination(hosts.destination.driver, hosts.destination.vmms,
                hosts.destination.stateDir, InetAddress.getLoopbackAddress());
        Injector injector = new Injector(point);
        ManagedMigration migration = new ManagedMigration(new SourceHost(hosts.source.driver, hosts.source.vmms),
                destination, NAME, MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(32L << 20)
                        .withParallelChannels(channels), injector);
        injector.migration = migration;
        MigrationOutcome outcome = migration.run();
        injector.outcome.complete(outcome);
        injector.awaitDone();
        assertFalse(injector.waitedForFrozenDestination, point + ": the source still waited for COMPLETE_ACK 5 s "
                + "after the fault, with the destination frozen");
        assertTrue(injector.fired, point + " never fired (the migration went " + outcome + ")");
        HostFaults.signalBhyve(hosts.destination.emuDir, "CONT");

        assertTrue(point.allowed.contains(outcome.location()), point + ": " + outcome);
        assertEquals(outcome.location() != GuestLocation.DESTINATION, outcome.error().isPresent(), outcome.toString());
        outcome.error().ifPresent(e -> assertTrue(e.getMessage() != null && !e.getMessage().isBlank()));
        if (point.fault == Fault.CANCEL && outcome.location() == GuestLocation.SOURCE) {
            assertEquals(Code.OPERATION_ABORTED, outcome.error().orElseThrow().code(), outcome.toString());
        }
        System.out.println(point + (channels > 1 ? " over " + channels + " channels" : "") + " -> "
                + outcome.location() + outcome.error().map(e -> " " + e.code() + " in "
                + e.phase() + "/" + e.state() + ": " + e.reason()).orElse(""));
        switch (outcome.location()) {
            case SOURCE -> {
                assertRunsHealthy(hosts.source, "source");
                assertHasNoGuest(hosts.destination, "destination");
            }
            case DESTINATION -> {
                assertRunsHealthy(hosts.destination, "destination");
                assertHasNoGuest(hosts.source, "source");
            }
            case NONE -> {
                assertHasNoGuest(hosts.source, "source");
                assertHasNoGuest(hosts.destination, "destination");
            }
        }
        assertEquals(sourceXml, hosts.source.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()),
                "the source's stored definition is intact");
        if (outcome.location() == GuestLocation.DESTINATION) {
            assertEquals(sourceXml, hosts.destination.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()),
                    "the destination runs the source's definition");
        } else {
            assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(),
                    "the destination keeps no domain: " + hosts.destination.driver.listAllDomains(0));
        }
    }

    /** A destination that refuses the source's handshake. */
    enum Refusal {
        /** The source presents a token other than the one prepare handed out. */
        WRONG_TOKEN(Code.AUTH_FAILED, null),
        /** The source's stream describes another CPU model than the machine the destination prepared. */
        STREAM_DIFFERS_FROM_THE_PREPARED_MACHINE(Code.CONFIG_UNSUPPORTED, "another-cpu");

        final Code code;
        /** The CPU model the source's stream sends, null for the source host's own. */
        final String sentCpu;

        Refusal(Code code, String sentCpu) {
            this.code = code;
            this.sentCpu = sentCpu;
        }
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void aRefusedHandshakeLeavesTheGuestRunningOnTheSourceAndNothingOnTheDestination(Refusal refusal)
            throws Exception {
        String xml = hosts.source.driver.migration().begin(NAME);
        Vmm vmm = hosts.source.vmms.open(NAME);
        MigrationOptions options = MigrationOptions.defaults(MigrationKind.LIVE);
        MigrationOffer offer = MachineCheck.offer(NAME, hosts.source.driver.migration().machine(NAME),
                vmm.layout().memoryBytes(), options);
        MigrationOffer sent = refusal.sentCpu == null ? offer : new MigrationOffer(NAME, offer.memoryBytes(),
                offer.vcpus(), refusal.sentCpu, offer.devices(), options);
        SourceMigration source = SourceMigration.begin(vmm, sent);
        ManagedDestination destination = new ManagedDestination(hosts.destination.driver, hosts.destination.vmms,
                hosts.destination.stateDir, InetAddress.getLoopbackAddress());
        PreparedIncoming prepared = destination.prepare(xml, offer, Duration.ofSeconds(10));
        Incoming incoming = refusal == Refusal.WRONG_TOKEN
                ? new Incoming(prepared.incoming().address(), MigrationToken.random(new SecureRandom()))
                : prepared.incoming();
        MigrationException e = assertThrows(MigrationException.class, () -> source.perform(incoming, p -> { }));
        assertEquals(refusal.code, e.code(), e.getMessage());
        MigrationException finish = assertThrows(MigrationException.class,
                () -> prepared.finish(Duration.ofSeconds(30)));
        assertEquals(refusal.code, finish.code(), finish.getMessage());
        hosts.source.driver.migration().confirmOutgoing(NAME, false);
        vmm.close();

        assertRunsHealthy(hosts.source, "source");
        assertHasNoGuest(hosts.destination, "destination");
        assertEquals(sourceXml, hosts.source.driver.getXMLDesc(NAME, XmlFlag.INACTIVE.bit()));
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "the destination keeps no domain");
    }

    /** Fires the fault of one injection point from the migration's listener. */
    private final class Injector implements MigrationListener {
        private final InjectionPoint point;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile ManagedMigration migration;
        volatile boolean fired;
        volatile boolean waitedForFrozenDestination;
        final CompletableFuture<MigrationOutcome> outcome = new CompletableFuture<>();

        Injector(InjectionPoint point) {
            this.point = point;
        }

        @Override
        public void phase(MigrationPhase phase) {
            if (point.when == When.PHASE && phase == point.phase) {
                fire();
            }
        }

        @Override
        public void progress(MigrationProgress p) {
            boolean afterAck = !p.durations().finalTransfer().isZero() && !p.completed();
            if (point.when == When.MID_ROUND && p.durations().finalTransfer().isZero() && !fired) {
                fire();
            } else if (point.when == When.AFTER_COMPLETE_ACK && afterAck && !fired) {
                fire();
            } else if (point.when == When.AWAITING_COMPLETE_ACK && p.durations().finalTransfer().isZero() && !fired) {
                fired = true;
                freezeDestinationThenFire();
            }
        }

        /** Freezes the destination's bhyve so COMPLETE_ACK cannot come, and fires once the source awaits it. */
        private void freezeDestinationThenFire() {
            try {
                assertTrue(HostFaults.signalBhyve(hosts.destination.emuDir, "STOP"), "no destination bhyve to freeze");
            } catch (Exception e) {
                done.completeExceptionally(e);
                return;
            }
            Thread t = new Thread(() -> {
                try {
                    waitFor(() -> "true".equals(status(hosts.source).get("paused")), 60_000);
                    Thread.sleep(1000); // the final round and state are small: the source now awaits the ACK
                    strike();
                    // the destination stays frozen: the source must give up on the ACK by itself
                    try {
                        outcome.get(5, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException stillWaiting) {
                        waitedForFrozenDestination = true;
                    }
                    HostFaults.signalBhyve(hosts.destination.emuDir, "CONT");
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "fault-injector");
            t.setDaemon(true);
            t.start();
        }

        private void fire() {
            fired = true;
            try {
                strike();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }

        private void strike() throws Exception {
            switch (point.fault) {
                case CANCEL -> migration.cancel();
                case CUT_CONNECTION -> assertFalse(HostFaults.cutOwnLoopbackConnections().isEmpty(),
                        "no migration connection to cut");
                case KILL_DESTINATION_BHYVE -> assertTrue(HostFaults.killBhyve(hosts.destination.emuDir),
                        "no destination bhyve to kill");
                case DESTROY_DESTINATION_DOMAIN -> hosts.destination.driver.destroy(NAME, 0);
                case KILL_SOURCE_GUEST -> assertTrue(HostFaults.killBhyve(hosts.source.emuDir),
                        "no source bhyve to kill");
            }
        }

        void awaitDone() throws Exception {
            if (fired) {
                done.get(90, TimeUnit.SECONDS);
            }
        }
    }

    private Map<String, String> status(DriverHosts.Host host) {
        try {
            return host.ctl(hosts.bin, NAME, "status");
        } catch (Exception | AssertionError e) {
            return Map.of();
        }
    }

    private void assertRunsHealthy(DriverHosts.Host host, String which) throws Exception {
        waitFor(() -> host.driver.getState(NAME).state() == DomainState.RUNNING, 20_000);
        host.awaitControlSocket(NAME);
        Map<String, String> status = host.ctl(hosts.bin, NAME, "status");
        assertEquals("false", status.get("paused"), which + " guest paused: " + status);
        Map<String, String> check = host.ctl(hosts.bin, NAME, "self-check");
        assertEquals("true", check.get("healthy"), which + " self-check: " + check);
        assertEquals(1, HostFaults.bhyves(host.emuDir).size(), "one bhyve on the " + which);
    }

    private static void assertHasNoGuest(DriverHosts.Host host, String which) throws Exception {
        DomainDriver d = host.driver;
        waitFor(() -> !runs(d), 20_000);
        assertFalse(runs(d), () -> "the " + which + " still runs the domain: " + d.getState(NAME));
        waitFor(() -> HostFaults.processesOf(host.emuDir).isEmpty(), 20_000);
        assertEquals(List.of(), HostFaults.processesOf(host.emuDir).stream().map(p -> p.info().commandLine()
                .orElse("?")).toList(), "processes left on the " + which);
        assertFalse(Files.exists(host.emuDir.resolve("vmm").resolve(NAME)), "VM memory left under /dev/shm on the "
                + which);
    }

    private static boolean runs(DomainDriver d) {
        try {
            DomainState s = d.getState(NAME).state();
            return s == DomainState.RUNNING || s == DomainState.PAUSED;
        } catch (BhyveDriverException e) {
            return false;
        }
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet observable (e.g. no domain of that name any more)
            }
            Thread.sleep(50);
        }
    }
}
