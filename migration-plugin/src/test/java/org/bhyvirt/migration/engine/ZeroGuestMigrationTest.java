package org.bhyvirt.migration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.managed.Downtime;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An 8 GiB guest that never touches its memory migrates live as ZERO runs: the source reads none of
 * its untouched memory (its memory file stays as small as the guest left it), almost nothing but run
 * descriptors crosses the wire, and the destination allocates no memory for it yet runs the same guest,
 * healthy, started at prepare in the emulator's incoming mode and only resumed at finish (the short
 * switch-over). Both hosts live under /dev/shm and are removed afterwards.
 */
class ZeroGuestMigrationTest {
    private static final String NAME = "zero";
    private static final long GUEST = 8L << 30;
    /** The guest's header page plus the generation table its self-check reads (4 bytes per page), with slack. */
    private static final long GUEST_OWN_BYTES = GUEST / 1024 + (1 << 20);

    private EmulatedHosts hosts;

    @BeforeEach
    void setUp() throws IOException {
        hosts = new EmulatedHosts();
    }

    @AfterEach
    void tearDown() throws IOException {
        hosts.close();
    }

    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] f = new String(p.getInputStream().readAllBytes()).strip().split(" ");
        p.waitFor();
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    @Test
    void anAllZeroEightGibGuestMovesAsZeroRunsAndAllocatesNothingOnEitherSide() throws Exception {
        Path disk = hosts.source.dir.resolve("idle.img");
        Files.write(disk, new byte[4096]); // no workload header: the guest idles, touching only its header page
        List<String> argv = EmulatedHosts.argv("8G", disk);
        hosts.source.boot(NAME, argv, "8G", disk, EmulatedHosts.Hooks.OFF);
        String bootId = hosts.source.ctl(NAME, "status").get("bootId");
        Path sourceMem = hosts.source.vmDir(NAME).resolve("mem");

        Vmm vmm = hosts.source.provider.open(NAME);
        SourceMigration source = SourceMigration.begin(vmm, new MigrationOffer(NAME, GUEST, 2, "host",
                List.of("0:0,hostbridge", "2:0,ahci"), MigrationOptions.defaults(MigrationKind.LIVE)));
        // the short switch-over: the destination's bhyve starts now and waits for its state
        TargetMigration target = TargetMigration.prepare(source.offer(), hosts.destination.provider,
                InetAddress.getLoopbackAddress(), hosts.destination.dir, Duration.ofSeconds(30),
                DestinationMemory.ON_DEMAND, hosts.destination.waitingGuest(argv));
        Map<String, String> waiting = hosts.destination.ctl(NAME, "status");
        assertEquals("true", waiting.get("incoming"), "the destination's guest waits for its state: " + waiting);
        assertEquals("true", waiting.get("paused"), "the destination's guest waits paused: " + waiting);
        long t0 = System.nanoTime();
        MigrationProgress performed;
        try {
            performed = source.perform(target.incoming(), p -> { });
        } catch (MigrationException e) {
            target.cancel(); // the destination abandons its waiting guest
            throw e;
        }
        long performMillis = (System.nanoTime() - t0) / 1_000_000;
        long sourceAllocated = allocatedBytes(sourceMem);
        TargetTimes times = target.finish(Duration.ofSeconds(60));
        long resumedAt = System.nanoTime();
        MigrationProgress done = source.confirm(true, () -> {
            try {
                hosts.source.destroy(NAME);
            } catch (Exception e) {
                throw new IllegalStateException("destroying the source VM failed", e);
            }
        });
        Downtime downtime = Downtime.of(done, times, resumedAt - times.record().toNanos() - source.pausedAtNanos());
        System.out.printf("all-zero 8 GiB: perform %d ms, %s, %d data pages, %d zero pages, %d bytes sent%n",
                performMillis, downtime.describe(), done.memNormal(), done.memConstant(), performed.dataProcessed());

        long pages = GUEST / 4096;
        assertTrue(done.memNormal() <= 16, "only the header page carries data: " + done);
        assertTrue(done.memConstant() >= pages - 16, "every other page went as a ZERO flag: " + done);
        assertTrue(performed.dataProcessed() < (1 << 20), "under 1 MiB on the wire: " + performed.dataProcessed());
        assertTrue(sourceAllocated <= GUEST_OWN_BYTES, "the source scan allocated no memory: " + sourceAllocated);
        Map<String, String> check = hosts.destination.ctl(NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        assertEquals(bootId, hosts.destination.ctl(NAME, "status").get("bootId"), "the same guest runs there");
        long destinationAllocated = allocatedBytes(hosts.destination.vmDir(NAME).resolve("mem"));
        assertTrue(destinationAllocated <= GUEST_OWN_BYTES, "the destination allocated no memory for zero pages: "
                + destinationAllocated);
        assertFalse(Files.exists(hosts.source.vmDir(NAME)), "the source VM is gone");
    }
}
