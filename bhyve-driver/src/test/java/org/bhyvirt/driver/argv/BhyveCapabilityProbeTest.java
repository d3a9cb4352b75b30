package org.bhyvirt.driver.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BhyveCapabilityProbeTest {

    @TempDir
    Path dir;

    private Path script(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/argv/probe/" + name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(target.toFile().setExecutable(true));
        return target;
    }

    @Test
    void aBhyveWithEveryDeviceHasEveryCapability() throws IOException {
        Set<BhyveCapability> caps = new BhyveCapabilityProbe().probeBhyve(script("bhyve-all-devices.sh"));
        assertEquals(EnumSet.allOf(BhyveCapability.class), caps);
    }

    @Test
    void anOldBhyveLacksWhatItRefuses() throws IOException {
        Set<BhyveCapability> caps = new BhyveCapabilityProbe().probeBhyve(script("bhyve-old.sh"));
        assertEquals(EnumSet.of(BhyveCapability.NET_E1000, BhyveCapability.FBUF), caps);
    }

    @Test
    void theXhciProbeSetsXhciNotFbufUnlikeLibvirt() throws IOException {
        Set<BhyveCapability> caps = new BhyveCapabilityProbe().probeBhyve(script("bhyve-old.sh"));
        assertTrue(!caps.contains(BhyveCapability.XHCI) && caps.contains(BhyveCapability.FBUF));
    }

    @Test
    void theVirtio9pProbeLooksForTheVirtio9pMessageUnlikeLibvirt() throws IOException {
        Set<BhyveCapability> caps = new BhyveCapabilityProbe().probeBhyve(script("bhyve-old.sh"));
        assertTrue(!caps.contains(BhyveCapability.VIRTIO_9P));
    }

    @Test
    void grubWithConsDevHasConsdev() throws IOException {
        assertEquals(EnumSet.of(GrubCapability.CONSDEV),
                new BhyveCapabilityProbe().probeGrub(script("grub-bhyve-consdev.sh")));
    }

    @Test
    void grubWithoutConsDevHasNothing() throws IOException {
        assertEquals(Set.of(), new BhyveCapabilityProbe().probeGrub(script("grub-bhyve-old.sh")));
    }

    @Test
    void aMissingProgramHasNoCapabilities() {
        BhyveCapabilities caps = new BhyveCapabilityProbe().probe(dir.resolve("no-bhyve"),
                dir.resolve("no-grub-bhyve"), dir);
        assertEquals(Set.of(), caps.bhyve());
        assertEquals(Set.of(), caps.grub());
    }

    @Test
    void aProbeThatHangsTimesOut() throws IOException {
        BhyveCapabilityProbe probe = new BhyveCapabilityProbe(Duration.ofMillis(300));
        Path hangs = script("bhyve-hangs.sh");
        long start = System.nanoTime();
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> probe.probeBhyve(hangs));
        assertEquals(VirErrorNumber.OPERATION_TIMEOUT, e.number());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30);
    }
}
