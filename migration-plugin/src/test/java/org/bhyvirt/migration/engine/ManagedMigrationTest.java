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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.bhyvirt.migration.protocol.MigrationToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The managed engine moves real emulated guests between two emulated hosts over loopback TCP, and
 * the guests' own self-checks judge the copy: after a live or warm migration the destination's
 * guest has no stale or corrupt page, the same boot id and a continuing uptime, and the source VM
 * is gone; a dirty log with dropped bits is caught; a cancel, a destination that gives up mid-round
 * and a wrong token all leave the guest running on the source, healthy, and no VM on the
 * destination.
 */
class ManagedMigrationTest {
    private static final String NAME = "guest";
    private static final String MEM = "256M";
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(120);

    private EmulatedHosts hosts;
    private Path disk;
    private List<String> argv;

    @BeforeEach
    void setUp() throws Exception {
        hosts = new EmulatedHosts();
        disk = hosts.guestImage("guest.img", "--working-set", "128MiB", "--write-rate", "64MiB/s", "--pattern",
                "random");
        argv = EmulatedHosts.argv(MEM, disk);
    }

    @AfterEach
    void tearDown() throws Exception {
        hosts.close();
    }

    /** The outcome of one migration attempt run through all five phases. */
    private record Run(MigrationProgress performed, MigrationProgress confirmed, List<MigrationProgress> reports,
            long totalMillis) {
    }

    private MigrationOffer offer(Vmm vmm, MigrationOptions options) {
        return new MigrationOffer(NAME, vmm.layout().memoryBytes(), 2, "host",
                List.of("0:0,hostbridge", "2:0,ahci"), options);
    }

    private TargetMigration prepare(MigrationOffer offer) {
        return TargetMigration.prepare(offer, hosts.destination.provider, InetAddress.getLoopbackAddress(),
                hosts.destination.dir, Duration.ofSeconds(10));
    }

    private Run migrate(MigrationOptions options, Consumer<MigrationProgress> extra) throws Exception {
        long t0 = System.nanoTime();
        Vmm vmm = hosts.source.provider.open(NAME);
        SourceMigration source = SourceMigration.begin(vmm, offer(vmm, options));
        // the short switch-over: the destination's bhyve starts now and waits for its state
        TargetMigration target = TargetMigration.prepare(source.offer(), hosts.destination.provider,
                InetAddress.getLoopbackAddress(), hosts.destination.dir, Duration.ofSeconds(10),
                DestinationMemory.ON_DEMAND, hosts.destination.waitingGuest(argv));
        List<MigrationProgress> reports = new CopyOnWriteArrayList<>();
        MigrationProgress performed;
        try {
            performed = source.perform(target.incoming(), p -> {
                reports.add(p);
                extra.accept(p);
            });
        } catch (MigrationException e) {
            try {
                target.finish(Duration.ofSeconds(10));
            } catch (MigrationException t) {
                e.addSuppressed(t); // the destination's side of the failure
            }
            throw e;
        }
        boolean started;
        try {
            target.finish(FINISH_TIMEOUT);
            started = true;
        } catch (MigrationException e) {
            started = false;
        }
        MigrationProgress confirmed = source.confirm(started, () -> destroySource());
        return new Run(performed, confirmed, reports, (System.nanoTime() - t0) / 1_000_000);
    }

    private void destroySource() {
        try {
            hosts.source.destroy(NAME);
        } catch (Exception e) {
            throw new IllegalStateException("destroying the source VM failed", e);
        }
    }

    private void assertHealthy(EmulatedHosts.Host host) throws Exception {
        Map<String, String> check = host.ctl(NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        assertEquals("0", check.get("stalePages"), check.toString());
        assertEquals("0", check.get("corruptPages"), check.toString());
    }

    private static void print(String what, Run r) {
        MigrationProgress p = r.confirmed();
        System.out.printf("%s: total %d ms, rounds %d, downtime %d ms (final %d ms, state %d ms, resume %d ms),"
                        + " %d MiB on the wire, %.0f MiB/s%n", what, r.totalMillis(), p.memIteration(), p.downtime(),
                p.durations().finalTransfer().toMillis(), p.durations().stateTransfer().toMillis(),
                p.durations().resume().toMillis(), p.dataProcessed() >> 20,
                p.dataProcessed() / 1048576.0 / Math.max(1, p.timeElapsed()) * 1000);
    }

    @Test
    void liveMigrationOfAGuestWritingSixtyFourMibPerSecondLosesNoWrite() throws Exception {
        hosts.source.boot(NAME, argv, MEM, disk, EmulatedHosts.Hooks.OFF);
        Thread.sleep(500);
        Map<String, String> before = hosts.source.ctl(NAME, "status");

        Run r = migrate(MigrationOptions.defaults(MigrationKind.LIVE), p -> { });
        print("live 256 MiB, 64 MiB/s over 128 MiB", r);

        assertHealthy(hosts.destination);
        Map<String, String> after = hosts.destination.ctl(NAME, "status");
        assertEquals(before.get("bootId"), after.get("bootId"), "the guest continues, it does not boot");
        assertTrue(Long.parseLong(after.get("uptimeMs")) > Long.parseLong(before.get("uptimeMs")), "uptime continues");
        assertEquals("false", after.get("paused"), after.toString());
        assertFalse(Files.exists(hosts.source.vmDir(NAME)), "the source VM is gone");
        assertTrue(r.confirmed().completed());
        assertTrue(r.reports().size() >= 2, "a report after every round and the switch-over: " + r.reports());
        assertTrue(r.confirmed().memNormal() > 0 && r.confirmed().memConstant() > 0, r.confirmed().toString());
    }

    @Test
    void liveMigrationOverFourParallelChannelsLosesNoWrite() throws Exception {
        hosts.source.boot(NAME, argv, MEM, disk, EmulatedHosts.Hooks.OFF);
        Thread.sleep(500);
        String bootId = hosts.source.ctl(NAME, "status").get("bootId");

        Run r = migrate(MigrationOptions.defaults(MigrationKind.LIVE).withParallelChannels(4), p -> { });
        print("live 256 MiB, 4 channels", r);

        assertHealthy(hosts.destination);
        assertEquals(bootId, hosts.destination.ctl(NAME, "status").get("bootId"));
        assertFalse(Files.exists(hosts.source.vmDir(NAME)), "the source VM is gone");
    }

    @Test
    void droppedDirtyBitsLeaveStalePagesTheDestinationsSelfCheckFinds() throws Exception {
        hosts.source.boot(NAME, argv, MEM, disk, EmulatedHosts.Hooks.TEST_HOOKS);
        Thread.sleep(500);
        boolean[] dropped = {false};
        migrate(MigrationOptions.defaults(MigrationKind.LIVE), p -> {
            if (!dropped[0]) {
                dropped[0] = true;
                try {
                    hosts.source.ctl(NAME, "debug-drop-dirty", "64");
                    Thread.sleep(300); // the guest writes far more than 64 pages meanwhile
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        Map<String, String> check = hosts.destination.ctl(NAME, "self-check");
        assertEquals("false", check.get("healthy"), check.toString());
        long stale = Long.parseLong(check.get("stalePages"));
        assertTrue(stale > 0 && stale <= 64, "stale pages: " + stale);
    }

    @Test
    void warmMigrationPausesCopiesEverythingOnceAndResumesOnTheDestination() throws Exception {
        hosts.source.boot(NAME, argv, MEM, disk, EmulatedHosts.Hooks.OFF);
        Thread.sleep(500);
        String bootId = hosts.source.ctl(NAME, "status").get("bootId");

        Run r = migrate(MigrationOptions.defaults(MigrationKind.WARM), p -> { });
        print("warm 256 MiB", r);

        assertHealthy(hosts.destination);
        assertEquals(bootId, hosts.destination.ctl(NAME, "status").get("bootId"));
        assertFalse(Files.exists(hosts.source.vmDir(NAME)), "the source VM is gone");
        assertEquals(1, r.confirmed().memIteration(), "one (final) round");
    }

    @Test
    void aSixGibSparseGuestMovesItsHighmemToo() throws Exception {
        Path small = hosts.guestImage("big.img", "--working-set", "64MiB", "--write-rate", "16MiB/s", "--pattern",
                "random", "--free", "40%", "--zero", "0%");
        List<String> big = EmulatedHosts.argv("6G", small);
        hosts.source.boot(NAME, big, "6G", small, EmulatedHosts.Hooks.OFF);
        awaitPopulated();
        String bootId = hosts.source.ctl(NAME, "status").get("bootId");
        argv = big;

        Run r = migrate(MigrationOptions.defaults(MigrationKind.LIVE), p -> { });
        print("live 6 GiB sparse", r);

        assertHealthy(hosts.destination);
        Map<String, String> status = hosts.destination.ctl(NAME, "status");
        assertEquals(bootId, status.get("bootId"));
        assertTrue(Long.parseLong(status.get("highmemBytes")) == 3L << 30, status.toString());
        try (Vmm arrived = hosts.destination.provider.open(NAME)) {
            long lowmemPages = arrived.layout().lowmemBytes() / 4096;
            assertFalse(arrived.memory().isZeroPage(lowmemPages + 1), "the first highmem data pages arrived");
            assertTrue(arrived.memory().isZeroPage(arrived.layout().pages() - 1), "never-touched pages stay zero");
        }
        assertTrue(r.confirmed().memConstant() > 500_000, "free pages went as zero flags: " + r.confirmed());
    }

    private void awaitPopulated() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!"true".equals(hosts.source.ctl(NAME, "status").get("populated"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the guest did not populate its memory in 120 s");
            }
            Thread.sleep(200); // population is reported only through status
        }
    }

    @Test
    void aGuestDirtyingFasterThanTheBandwidthLimitIsThrottledUntilItConverges() throws Exception {
        hosts.source.boot(NAME, argv, MEM, disk, EmulatedHosts.Hooks.OFF);
        Thread.sleep(500);
        MigrationOptions limited = MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(48L << 20)
                .withAutoConverge(true, 60, 20);
        Run r = migrate(limited, p -> { });
        print("live 256 MiB at 48 MiB/s limit, guest 64 MiB/s", r);

        assertHealthy(hosts.destination);
        assertTrue(r.reports().stream().anyMatch(p -> p.autoConvergeThrottle() > 0),
                "the guest was throttled: " + r.reports());
        assertTrue(r.reports().stream().allMatch(p -> p.memBps() <= (48L << 20) * 13 / 10),
                "the measured bandwidth respects the limit: " + r.reports());
    }

    /** Who stops a migration in the middle of its first round. */
    enum Interruption { SOURCE_CANCELS, DESTINATION_GIVES_UP }

    private void interruptedMidRound(Interruption how) throws Exception {
        hosts.source.boot(NAME, argv, MEM, disk, EmulatedHosts.Hooks.OFF);
        Thread.sleep(500);
        Vmm vmm = hosts.source.provider.open(NAME);
        MigrationOptions slow = MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(32L << 20);
        SourceMigration source = SourceMigration.begin(vmm, offer(vmm, slow));
        TargetMigration target = prepare(source.offer());
        CompletableFuture<MigrationProgress> perform = CompletableFuture.supplyAsync(
                () -> source.perform(target.incoming(), p -> { }));
        Thread.sleep(1500); // round 0 of 256 MiB at 32 MiB/s takes several seconds
        assertFalse(perform.isDone(), "still in round 0");
        if (how == Interruption.SOURCE_CANCELS) {
            source.cancel();
        } else {
            target.cancel();
        }
        Exception e = assertThrows(Exception.class, () -> perform.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof MigrationException, e.toString());
        if (how == Interruption.SOURCE_CANCELS) {
            assertEquals(MigrationException.Code.OPERATION_ABORTED, ((MigrationException) e.getCause()).code());
        }
        assertThrows(MigrationException.class, () -> target.finish((n, c) -> {
            throw new AssertionError("no guest may start on the destination");
        }, Duration.ofSeconds(30)));
        assertGuestStayedOnTheSource();
        vmm.close();
    }

    private void assertGuestStayedOnTheSource() throws Exception {
        Map<String, String> status = hosts.source.ctl(NAME, "status");
        assertEquals("false", status.get("paused"), status.toString());
        assertEquals("0", status.get("throttlePercent"), status.toString());
        assertHealthy(hosts.source);
        assertFalse(Files.exists(hosts.destination.vmDir(NAME)), "no VM left on the destination");
    }

    @Test
    void aCancelMidRoundLeavesTheGuestRunningOnTheSourceAndNoVmOnTheDestination() throws Exception {
        interruptedMidRound(Interruption.SOURCE_CANCELS);
    }

    @Test
    void aDestinationGivingUpMidRoundLeavesTheGuestRunningOnTheSource() throws Exception {
        interruptedMidRound(Interruption.DESTINATION_GIVES_UP);
    }

    @Test
    void aSourceDyingMidRoundLeavesNoVmOnTheDestination() throws Exception {
        MigrationOffer offer = new MigrationOffer(NAME, 256L << 20, 2, "host", List.of("0:0,hostbridge", "2:0,ahci"),
                MigrationOptions.defaults(MigrationKind.LIVE));
        TargetMigration target = prepare(offer);
        Incoming in = target.incoming();
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(in.address())) {
            org.bhyvirt.migration.protocol.Conversation conv = org.bhyvirt.migration.protocol.Conversation.sourceControl();
            var writer = new org.bhyvirt.migration.protocol.FrameWriter(ch, conv);
            var reader = new org.bhyvirt.migration.protocol.FrameReader(ch, conv);
            writer.write(new org.bhyvirt.migration.protocol.Frame.Hello(1, 1, in.token()));
            reader.next(null);
            writer.write(new org.bhyvirt.migration.protocol.Frame.Compatibility(4096, 2,
                    List.of(new org.bhyvirt.migration.protocol.Frame.Segment(0, 256L << 20)), "host", offer.devices()));
            reader.next(null);
            writer.write(new org.bhyvirt.migration.protocol.Frame.RoundStart(0));
            assertTrue(Files.exists(hosts.destination.vmDir(NAME)), "the incoming VM exists while receiving");
        } // the source's process ends here: its socket closes mid-round
        MigrationException e = assertThrows(MigrationException.class,
                () -> target.finish((n, c) -> { throw new AssertionError("no start"); }, Duration.ofSeconds(30)));
        assertEquals(MigrationException.Code.RPC, e.code(), e.getMessage());
        assertFalse(Files.exists(hosts.destination.vmDir(NAME)), "the destination discarded its VM");
    }

    @Test
    void aWrongTokenIsRefusedAndNothingMoves() throws Exception {
        hosts.source.boot(NAME, argv, MEM, disk, EmulatedHosts.Hooks.OFF);
        Vmm vmm = hosts.source.provider.open(NAME);
        SourceMigration source = SourceMigration.begin(vmm, offer(vmm, MigrationOptions.defaults(MigrationKind.LIVE)));
        TargetMigration target = prepare(source.offer());
        Incoming forged = new Incoming(target.incoming().address(), MigrationToken.random(new java.security.SecureRandom()));
        MigrationException e = assertThrows(MigrationException.class, () -> source.perform(forged, p -> { }));
        assertEquals(MigrationException.Code.AUTH_FAILED, e.code(), e.getMessage());
        MigrationException t = assertThrows(MigrationException.class,
                () -> target.finish((n, c) -> { }, Duration.ofSeconds(10)));
        assertEquals(MigrationException.Code.AUTH_FAILED, t.code(), t.getMessage());
        assertGuestStayedOnTheSource();
        vmm.close();
    }
}
