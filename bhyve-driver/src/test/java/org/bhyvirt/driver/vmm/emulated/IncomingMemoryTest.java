package org.bhyvirt.driver.vmm.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.bhyvirt.driver.vmm.IncomingMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.Vmm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An incoming VM's memory as its provider was made: on demand it is a hole until data arrives,
 * pre-allocated every page is resident when createIncoming returns; both read as zero.
 */
class IncomingMemoryTest {
    private static final MemoryLayout LAYOUT = MemoryLayout.of(32L << 20);
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectories(Path.of("/dev/shm", "bhyvirt-test-" + UUID.randomUUID() + "-incoming"));
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] f = new String(p.getInputStream().readAllBytes()).strip().split(" ");
        p.waitFor();
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    private long allocatedFor(IncomingMemory mode) throws Exception {
        EmulatedVmmProvider provider = new EmulatedVmmProvider(dir, dir, mode);
        String name = mode.name().toLowerCase();
        try (Vmm vmm = provider.createIncoming(name, LAYOUT)) {
            long bytes = allocatedBytes(dir.resolve("vmm").resolve(name).resolve("mem"));
            assertTrue(vmm.memory().isZeroPage(0) && vmm.memory().isZeroPage(LAYOUT.pages() - 1), "reads as zero");
            vmm.destroyIncoming();
            return bytes;
        }
    }

    @Test
    void onDemandMemoryIsAHoleUntilDataArrives() throws Exception {
        assertEquals(0, allocatedFor(IncomingMemory.ON_DEMAND));
    }

    @Test
    void preallocatedMemoryIsResidentWhenTheIncomingVmExists() throws Exception {
        assertEquals(LAYOUT.memoryBytes(), allocatedFor(IncomingMemory.PREALLOCATED));
    }
}
