package org.bhyvirt.plugin.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.event.LifecycleEventType;
import org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host's start and stop outside a container (the container's injections are {@link CdiFakes}),
 * on an emulated host whose guests are real emulator processes.
 */
class PluginHostTest {

    private final Path root = Path.of(System.getProperty("bhyvirt.root", "..")).toAbsolutePath().normalize();
    private Path stateDir;
    private Path emuDir;
    private final List<PluginHost> hosts = new java.util.ArrayList<>();

    @BeforeEach
    void directories() throws IOException {
        stateDir = Files.createTempDirectory("bhyvirt-test-plugin-state-");
        emuDir = Files.createTempDirectory(Path.of("/dev/shm"), "bhyvirt-test-plugin-host-");
    }

    @AfterEach
    void removeEverything() throws IOException {
        for (PluginHost h : hosts) {
            h.stop();
        }
        List<String> marks = List.of(emuDir.toString(), stateDir.toString());
        ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> marks.stream().anyMatch(cmdline(p.pid())::contains))
                .forEach(p -> {
                    p.destroyForcibly();
                    try {
                        p.onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // gone or stuck: the directories are removed regardless
                    }
                });
        deleteTree(emuDir);
        deleteTree(stateDir);
    }

    private Map<String, String> emulatedConfig() {
        return Map.of("bhyvirt.host.name", "test-plugin", "bhyvirt.state.dir", stateDir.toString(),
                "bhyvirt.emulator.bin-dir", root.resolve("bhyve-emulator/bin").toString(),
                "bhyvirt.emulator.vm-dir", emuDir.toString());
    }

    private PluginHost host(Map<String, String> config, List<Object> fired, boolean failingObservers) {
        PluginHost h = new PluginHost();
        h.mpConfig = CdiFakes.config(config);
        h.lifecycleEvents = CdiFakes.events(fired, failingObservers);
        h.readyEvents = CdiFakes.events(fired, failingObservers);
        h.stoppingEvents = CdiFakes.events(fired, failingObservers);
        hosts.add(h);
        return h;
    }

    @Test
    void aBadValueLeavesTheHostFailedNamingTheKeyAndEveryCallNotReady() {
        List<Object> fired = CdiFakes.recording();
        PluginHost h = host(Map.of("bhyvirt.state.dir", "state", "bhyvirt.emulator.bin-dir", "/opt/emu/bin"),
                fired, false);
        h.start();
        assertEquals(HostStatus.Phase.FAILED, h.status().phase());
        assertEquals("invalid configuration: bhyvirt.state.dir: 'state' is not an absolute path", h.status().detail());
        HostNotReadyException e = assertThrows(HostNotReadyException.class, h::driver);
        assertEquals(h.status().detail(), e.getMessage());
        assertThrows(HostNotReadyException.class, h::config);
        assertThrows(HostNotReadyException.class, h::vmms);
        assertEquals(List.of(), fired, "no HostReady for a failed host");
    }

    @Test
    void aStartedHostServesFiresHostReadyAndPublishesLifecycleEvents() throws IOException {
        List<Object> fired = CdiFakes.recording();
        PluginHost h = host(emulatedConfig(), fired, false);
        h.start();
        assertTrue(h.status().isReady(), h.status().detail());
        assertEquals("test-plugin", h.hostName());
        assertEquals(stateDir.resolve("staging"), h.stagingDir());
        assertTrue(Files.isDirectory(h.stagingDir()));
        assertInstanceOf(EmulatedVmmProvider.class, h.vmms());
        assertInstanceOf(HostReady.class, fired.get(0));

        h.driver().defineXML(domainXml("ev1"), 0);
        assertEquals(List.of(LifecycleEventType.DEFINED), fired.stream().filter(LifecycleEvent.class::isInstance)
                .map(o -> ((LifecycleEvent) o).type()).toList());
    }

    @Test
    void stoppingTheHostLeavesGuestsRunningAndTheNextStartReadoptsThem() throws IOException {
        List<Object> fired = CdiFakes.recording();
        PluginHost first = host(emulatedConfig(), fired, false);
        first.start();
        first.driver().defineXML(domainXml("keep1"), 0);
        DomainRef running = first.driver().start("keep1", 0);
        assertTrue(running.id() > 0);

        first.stop();
        assertEquals(HostStatus.Phase.STOPPED, first.status().phase());
        assertInstanceOf(HostStopping.class, fired.get(fired.size() - 1));
        assertThrows(HostNotReadyException.class, first::driver);
        assertTrue(ProcessHandle.of(running.id()).map(ProcessHandle::isAlive).orElse(false),
                "the guest keeps running after the host stopped");

        PluginHost second = host(emulatedConfig(), CdiFakes.recording(), false);
        second.start();
        assertTrue(second.status().isReady(), second.status().detail());
        assertEquals(DomainState.RUNNING, second.driver().getState("keep1").state());
        assertEquals(running.id(), second.driver().lookupByName("keep1").id(), "the same guest, re-adopted");
        second.driver().destroy("keep1", 0);
    }

    @Test
    void failingObserversNeverFailTheHostOrTheDriver() throws IOException {
        List<Object> fired = CdiFakes.recording();
        PluginHost h = host(emulatedConfig(), fired, true);
        h.start();
        assertTrue(h.status().isReady(), h.status().detail());
        h.driver().defineXML(domainXml("obs1"), 0);
        assertEquals(UUID.nameUUIDFromBytes("obs1".getBytes(StandardCharsets.UTF_8)),
                h.driver().lookupByName("obs1").uuid());
        h.stop();
        assertEquals(HostStatus.Phase.STOPPED, h.status().phase());
        assertTrue(fired.stream().anyMatch(LifecycleEvent.class::isInstance), "the events were fired: " + fired);
    }

    private String domainXml(String name) throws IOException {
        Path disk = stateDir.resolve(name + ".img");
        Files.write(disk, new byte[4096]);
        return "<domain type='bhyve'><name>" + name + "</name>"
                + "<uuid>" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)) + "</uuid>"
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='file' type='raw'/><source file='" + disk + "'/>"
                + "<target dev='hda' bus='sata'/></disk></devices></domain>";
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
