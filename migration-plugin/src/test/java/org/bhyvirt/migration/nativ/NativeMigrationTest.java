package org.bhyvirt.migration.nativ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.migration.MigrationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Native migration for real: two emulated hosts, the emulator's bhyve and bhyvectl as processes, the
 * UPB patch's protocol over TCP on loopback, supervised by {@link NativeMigration}.
 */
class NativeMigrationTest {
    private static final String VM = "vm0";

    /** Which bhyvectl request starts the migration. */
    enum Kind {
        WARM("--migrate="),
        LIVE("--migrate-live=");

        private final String option;

        Kind(String option) {
            this.option = option;
        }
    }

    /** Whether the source guest runs with wired memory ({@code -S}). */
    enum Memory {
        WIRED,
        SWAPPABLE
    }

    private record Setup(NativeMigration migration, Process source, Path destinationLog) {
    }

    private static Setup setup(EmulatedHostPair hosts, Kind kind, Path disk, String srcMem, String dstMem, Memory memory,
                               int listenPort, int targetPort, Duration timeout) throws IOException, InterruptedException {
        Process src = hosts.bootSource(VM, srcMem, disk, memory == Memory.WIRED);
        hosts.load(hosts.destination, VM, dstMem, disk);
        List<String> dst = new ArrayList<>();
        dst.add(hosts.program("bhyve"));
        dst.addAll(EmulatedHostPair.bhyveArgs(dstMem, disk, true));
        dst.addAll(List.of("-R", "127.0.0.1," + listenPort, VM));
        Path log = hosts.destination.dir().resolve("bhyve.log");
        NativeDestination d = new NativeDestination(dst, hosts.destination.env(), log);
        NativeSource s = new NativeSource(List.of(hosts.program("bhyvectl"), "--vm=" + VM, kind.option + "127.0.0.1," + targetPort),
                hosts.source.env(), src.onExit().thenApply(Process::exitValue),
                () -> Files.isDirectory(hosts.source.vmDir(VM)));
        NativeMigrationOptions o = new NativeMigrationOptions(timeout, Duration.ofMillis(500), Duration.ZERO);
        return new Setup(new NativeMigration(d, s, o), src, log);
    }

    private static long num(Map<String, String> m, String key) {
        return Long.parseLong(m.get(key));
    }

    private static void assertHealthy(EmulatedHostPair hosts, EmulatedHostPair.Host host) throws IOException, InterruptedException {
        Map<String, String> check = hosts.ctl(host, VM, "self-check");
        assertEquals(0, num(check, "stalePages"), "stale pages: " + check);
        assertEquals(0, num(check, "corruptPages"), "corrupt pages: " + check);
        assertTrue(num(check, "checkedPages") > 1000, "the self-check looked at the written pages: " + check);
    }

    private static void assertSourceKeepsRunning(EmulatedHostPair hosts, Setup s) throws IOException, InterruptedException {
        Thread.sleep(300);
        assertTrue(s.source().isAlive(), "the source bhyve still runs");
        assertTrue(Files.isDirectory(hosts.source.vmDir(VM)), "the source VM still exists");
        assertEquals("true", hosts.ctl(hosts.source, VM, "status").get("running"));
        assertHealthy(hosts, hosts.source);
    }

    private static void assertNoDestinationLeft(EmulatedHostPair hosts) {
        String dir = hosts.destination.dir().toString();
        assertFalse(ProcessHandle.allProcesses().anyMatch(h -> h.info().commandLine()
                .map(c -> c.contains("-Dbhyvirt.emu.dir=" + dir) && c.contains("-R")).orElse(false)),
                "the destination bhyve was killed");
    }

    private static void assertMigrated(EmulatedHostPair hosts, Setup s, Kind kind) throws Exception {
        Map<String, String> before = hosts.ctl(hosts.source, VM, "status");
        NativeMigrationResult r = s.migration().run();
        assertTrue(r.destination().isAlive(), "the destination bhyve runs the guest");
        System.out.printf("native %s migration: setup %d ms, transfer %d ms, total %d ms%n", kind,
                r.times().setup().toMillis(), r.times().transfer().toMillis(), r.times().total().toMillis());
        assertEquals(0, s.source().waitFor(10, TimeUnit.SECONDS) ? s.source().exitValue() : -1, "the source bhyve exited 0");
        assertFalse(Files.exists(hosts.source.vmDir(VM)), "the source VM is gone");
        hosts.awaitControl(hosts.destination, VM, r.destination());
        Map<String, String> after = hosts.ctl(hosts.destination, VM, "status");
        assertEquals(before.get("bootId"), after.get("bootId"), "same boot id: the guest continued, it did not boot");
        assertTrue(num(after, "uptimeMs") >= num(before, "uptimeMs"), "uptime continues: " + before + " / " + after);
        assertHealthy(hosts, hosts.destination);
        String log = Files.readString(s.destinationLog());
        assertTrue(log.contains("vm_recv_migrate_req: Migration completed"), log);
        assertTrue(r.times().setup().compareTo(Duration.ZERO) > 0 && r.times().transfer().compareTo(Duration.ZERO) > 0
                && r.times().total().compareTo(r.times().setup().plus(r.times().transfer())) >= 0, r.times().toString());
        String srcLog = Files.readString(hosts.source.dir().resolve("bhyve.log"));
        assertEquals(kind == Kind.LIVE, srcLog.contains("ROUND: 4"), srcLog);
        Thread.sleep(200);
        assertHealthy(hosts, hosts.destination);
    }

    @Test
    void liveMigrationOfAGuestWritingAt32MiBPerSecondKeepsEveryWriteAndTheBootId() throws Exception {
        try (EmulatedHostPair hosts = new EmulatedHostPair()) {
            Path disk = hosts.guestImage("g.img", "--working-set", "50%", "--write-rate", "32MiB/s", "--pattern", "random",
                    "--free", "10%");
            int port = EmulatedHostPair.freePort();
            Setup s = setup(hosts, Kind.LIVE, disk, "256M", "256M", Memory.WIRED, port, port, Duration.ofSeconds(60));
            Thread.sleep(1500);
            assertMigrated(hosts, s, Kind.LIVE);
        }
    }

    @Test
    void warmMigrationMovesTheGuestWithItsBootIdAndUptime() throws Exception {
        try (EmulatedHostPair hosts = new EmulatedHostPair()) {
            Path disk = hosts.guestImage("g.img", "--working-set", "25%", "--write-rate", "16MiB/s", "--free", "30%");
            int port = EmulatedHostPair.freePort();
            Setup s = setup(hosts, Kind.WARM, disk, "256M", "256M", Memory.SWAPPABLE, port, port, Duration.ofSeconds(60));
            Thread.sleep(1000);
            assertMigrated(hosts, s, Kind.WARM);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aDestinationWithAnotherMemorySizeRefusesAndTheSourceKeepsRunning(Kind kind) throws Exception {
        try (EmulatedHostPair hosts = new EmulatedHostPair()) {
            Path disk = hosts.guestImage("g.img", "--working-set", "25%", "--write-rate", "16MiB/s", "--free", "10%");
            int port = EmulatedHostPair.freePort();
            Setup s = setup(hosts, kind, disk, "256M", "512M", Memory.WIRED, port, port, Duration.ofSeconds(60));
            MigrationException e = assertThrows(MigrationException.class, () -> s.migration().run());
            assertEquals(MigrationException.Code.OPERATION_FAILED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("exited with status 1"), e.getMessage());
            String log = Files.readString(s.destinationLog());
            assertTrue(log.contains("Failed to migrate the vm."), log);
            if (kind == Kind.WARM) {
                assertTrue(log.contains("Local and remote lowmem size mismatch"), log);
            } else {
                assertTrue(log.contains("out of step"), log);
            }
            assertSourceKeepsRunning(hosts, s);
        }
    }

    @Test
    void liveMigrationOfAGuestWithoutWiredMemoryIsRefusedAndTheDestinationKilled() throws Exception {
        try (EmulatedHostPair hosts = new EmulatedHostPair()) {
            Path disk = hosts.guestImage("g.img", "--working-set", "25%", "--write-rate", "16MiB/s");
            int port = EmulatedHostPair.freePort();
            Setup s = setup(hosts, Kind.LIVE, disk, "256M", "256M", Memory.SWAPPABLE, port, port, Duration.ofSeconds(60));
            MigrationException e = assertThrows(MigrationException.class, () -> s.migration().run());
            assertEquals("REQUESTING", e.state());
            assertTrue(e.getMessage().contains("wired guest memory (bhyve -S)"), e.getMessage());
            assertNoDestinationLeft(hosts);
            assertSourceKeepsRunning(hosts, s);
        }
    }

    @Test
    void aDestinationOnAnotherCpuModelRefusesTheSpecs() throws Exception {
        try (EmulatedHostPair hosts = new EmulatedHostPair()) {
            Files.writeString(hosts.destination.dir().resolve("sysctl"), "hw.model=Another CPU @ 1.00GHz\n");
            Path disk = hosts.guestImage("g.img", "--working-set", "25%", "--write-rate", "16MiB/s");
            int port = EmulatedHostPair.freePort();
            Setup s = setup(hosts, Kind.LIVE, disk, "256M", "256M", Memory.WIRED, port, port, Duration.ofSeconds(60));
            MigrationException e = assertThrows(MigrationException.class, () -> s.migration().run());
            assertEquals(MigrationException.Code.OPERATION_FAILED, e.code());
            String log = Files.readString(s.destinationLog());
            assertTrue(log.contains("migration_recv_and_check_specs: System specification mismatch"), log);
            assertTrue(log.contains("model: Another CPU @ 1.00GHz vs "), log);
            assertSourceKeepsRunning(hosts, s);
            String srcLog = Files.readString(hosts.source.dir().resolve("bhyve.log"));
            assertTrue(srcLog.contains("migration_send_specs: System specification mismatch"), srcLog);
        }
    }

    @Test
    void aDestinationKilledMidTransferLeavesTheSourceRunningWithEveryWrite() throws Exception {
        try (EmulatedHostPair hosts = new EmulatedHostPair()) {
            Path disk = hosts.guestImage("g.img", "--working-set", "50%", "--write-rate", "32MiB/s", "--free", "10%");
            int port = EmulatedHostPair.freePort();
            Setup s = setup(hosts, Kind.LIVE, disk, "256M", "256M", Memory.WIRED, port, port, Duration.ofSeconds(60));
            CompletableFuture<NativeMigrationResult> run = CompletableFuture.supplyAsync(() -> s.migration().run());
            Path srcLog = hosts.source.dir().resolve("bhyve.log");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String dir = hosts.destination.dir().toString();
            ProcessHandle dst = null;
            while (dst == null) {
                assertTrue(System.nanoTime() < deadline, "the destination bhyve never started");
                dst = ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                        .map(c -> c.contains("-Dbhyvirt.emu.dir=" + dir) && c.contains("-R")).orElse(false)).findFirst()
                        .orElse(null);
            }
            ProcessBuilder stop = new ProcessBuilder("kill", "-STOP", Long.toString(dst.pid()));
            while (!Files.readString(srcLog).contains("System specification accepted")) {
                assertTrue(System.nanoTime() < deadline, "the source never got past the specs");
                Thread.sleep(1);
            }
            stop.start().waitFor();
            Thread.sleep(300);
            assertTrue(s.source().isAlive(), "the transfer had not finished when the destination stopped");
            dst.destroyForcibly();
            Exception e = assertThrows(Exception.class, () -> run.get(60, TimeUnit.SECONDS));
            MigrationException m = (MigrationException) e.getCause();
            assertEquals(MigrationException.Code.OPERATION_FAILED, m.code(), m.getMessage());
            assertSourceKeepsRunning(hosts, s);
            assertTrue(Files.readString(srcLog).contains("vm_send_migrate_req: Could not live migrate"), Files.readString(srcLog));
        }
    }

    @Test
    void aSourceThatCannotReachTheDestinationTimesOutWithTheDestinationKilled() throws Exception {
        try (EmulatedHostPair hosts = new EmulatedHostPair()) {
            Path disk = hosts.guestImage("g.img", "--working-set", "25%", "--write-rate", "16MiB/s");
            int listen = EmulatedHostPair.freePort();
            int nobody = EmulatedHostPair.freePort();
            Setup s = setup(hosts, Kind.LIVE, disk, "256M", "256M", Memory.WIRED, listen, nobody, Duration.ofSeconds(4));
            long t0 = System.nanoTime();
            MigrationException e = assertThrows(MigrationException.class, () -> s.migration().run());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(MigrationException.Code.OPERATION_TIMEOUT, e.code(), e.getMessage());
            assertTrue(ms >= 3500 && ms < 20000, "took " + ms + " ms");
            assertNoDestinationLeft(hosts);
            assertSourceKeepsRunning(hosts, s);
            String srcLog = Files.readString(hosts.source.dir().resolve("bhyve.log"));
            assertTrue(srcLog.contains("vm_send_migrate_req: Could not create connection"), srcLog);
        }
    }
}
