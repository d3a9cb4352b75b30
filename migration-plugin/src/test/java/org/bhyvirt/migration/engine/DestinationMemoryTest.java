package org.bhyvirt.migration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What prepare leaves on the destination before any byte arrives: with pre-allocated memory every
 * page of the incoming VM is resident, on demand none is; a cancel then discards the VM either way.
 */
class DestinationMemoryTest {
    private static final long GUEST = 32L << 20;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(Path.of("/dev/shm", "bhyvirt-test-" + UUID.randomUUID() + "-prepare"));
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private long allocatedAfterPrepare(DestinationMemory memory) throws Exception {
        String name = memory.name().toLowerCase();
        MigrationOffer offer = new MigrationOffer(name, GUEST, 2, "host", List.of("0:0,hostbridge"),
                MigrationOptions.defaults(MigrationKind.LIVE));
        TargetMigration target = TargetMigration.prepare(offer, new EmulatedVmmProvider(dir, dir),
                InetAddress.getLoopbackAddress(), dir, Duration.ofSeconds(10), memory);
        Path mem = dir.resolve("vmm").resolve(name).resolve("mem");
        Process p = new ProcessBuilder("stat", "-c", "%b %B", mem.toString()).start();
        String[] f = new String(p.getInputStream().readAllBytes()).strip().split(" ");
        p.waitFor();
        target.cancel();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(mem) && System.nanoTime() < deadline) {
            Thread.sleep(10); // the receiver thread discards the VM once its accept is cut
        }
        assertFalse(Files.exists(mem), "cancel discarded the incoming VM");
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    @Test
    void preallocatedMemoryIsResidentWhenPrepareReturns() throws Exception {
        assertEquals(GUEST, allocatedAfterPrepare(DestinationMemory.PREALLOCATED));
    }

    @Test
    void onDemandMemoryIsAHoleUntilDataArrives() throws Exception {
        assertEquals(0, allocatedAfterPrepare(DestinationMemory.ON_DEMAND));
    }
}
