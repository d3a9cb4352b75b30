package org.bhyvirt.migration.managed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bhyvirt.driver.argv.BhyveCapabilities;
import org.bhyvirt.driver.argv.BhyveCapabilityProbe;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.host.HostConfig;
import org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider;

/**
 * Two emulated hosts each run by its own DomainDriver (own state directory under /tmp, own
 * emulator directory {@code /dev/shm/bhyvirt-test-*}), recording their lifecycle events.
 * {@link #close()} closes the drivers, kills every process naming either host's directories and
 * removes all four directories, whatever the test left behind.
 */
public final class DriverHosts implements AutoCloseable {
    private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("\"([^\"]+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)");

    /** One host: driver, Vmm provider, recorded events. */
    public static final class Host {
        public final Path stateDir;
        public final Path emuDir;
        public final DomainDriver driver;
        public final EmulatedVmmProvider vmms;
        public final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();

        Host(String name, Path bin) throws IOException {
            this(name, bin, e -> { });
        }

        /** A host whose driver's events are also handed to {@code publisher}. */
        Host(String name, Path bin, org.bhyvirt.driver.event.EventPublisher publisher) throws IOException {
            stateDir = Files.createTempDirectory("bhyvirt-test-state-");
            emuDir = Files.createTempDirectory(Path.of("/dev/shm"), "bhyvirt-test-");
            HostConfig config = HostConfig.emulated(name, stateDir, bin, emuDir)
                    .withShutdownTimeout(Duration.ofSeconds(20));
            BhyveCapabilities caps = new BhyveCapabilityProbe().probe(config.bhyve(), config.grubBhyve(),
                    config.firmwareDir());
            driver = DomainDriver.open(config, e -> {
                events.add(e);
                publisher.publish(e);
            }, caps);
            vmms = new EmulatedVmmProvider(emuDir, emuDir.resolve("staging"));
        }

        /**
         * Waits until the guest answers on its control socket: the driver returns once bhyve runs,
         * and the emulator binds its socket a moment later, with nothing to await in between.
         */
        public void awaitControlSocket(String vm) throws InterruptedException {
            Path sock = emuDir.resolve("vmm").resolve(vm).resolve("ctl.sock");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(sock)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no control socket for " + vm + " after 30 s");
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }

        /** {@code bhyve-emu ctl --vm=NAME COMMAND [ARG]} on this host, parsed. */
        public Map<String, String> ctl(Path bin, String vm, String... command) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of(bin.resolve("bhyve-emu").toString(), "ctl", "--vm=" + vm));
            cmd.addAll(List.of(command));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("BHYVIRT_EMU_DIR", emuDir.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("ctl " + cmd + " failed: " + out);
            }
            return parse(out.strip());
        }
    }

    public final Path bin;
    public final Host source;
    public final Host destination;
    /** Every host, the source and the destination first. */
    public final List<Host> all;

    public DriverHosts() throws IOException {
        this(List.of("source-host", "destination-host"), name -> e -> { });
    }

    /**
     * Hosts named {@code names} (at least two: the first is {@link #source}, the second
     * {@link #destination}), each handing its driver's events also to {@code publishers.apply(name)}.
     */
    public DriverHosts(List<String> names, java.util.function.Function<String,
            org.bhyvirt.driver.event.EventPublisher> publishers) throws IOException {
        bin = Path.of(System.getProperty("bhyvirt.root", "..")).toAbsolutePath().normalize()
                .resolve("bhyve-emulator/bin");
        List<Host> hosts = new ArrayList<>();
        for (String name : names) {
            hosts.add(new Host(name, bin, publishers.apply(name)));
        }
        all = List.copyOf(hosts);
        source = all.get(0);
        destination = all.get(1);
    }

    /** A guest image (shared storage: both hosts' definitions name it). */
    public Path guestImage(String... options) throws IOException, InterruptedException {
        Path img = source.stateDir.resolve("guest.img");
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("bhyve-emu").toString(), "guest-image"));
        cmd.addAll(List.of(options));
        cmd.add(img.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("guest-image failed: " + out);
        }
        return img;
    }

    /** A domain of {@code memoryMiB} and 2 vCPUs booting {@code disk} with bhyveload. */
    public static String domainXml(String name, long memoryMiB, Path disk) {
        return "<domain type='bhyve'>\n"
                + "  <name>" + name + "</name>\n"
                + "  <uuid>" + UUID.randomUUID() + "</uuid>\n"
                + "  <memory unit='MiB'>" + memoryMiB + "</memory>\n"
                + "  <vcpu>2</vcpu>\n"
                + "  <os><type>hvm</type></os>\n"
                + "  <devices>\n"
                + "    <disk type='file' device='disk'>\n"
                + "      <driver name='file' type='raw'/>\n"
                + "      <source file='" + disk + "'/>\n"
                + "      <target dev='hda' bus='sata'/>\n"
                + "    </disk>\n"
                + "  </devices>\n"
                + "</domain>\n";
    }

    /** The flat fields of a control answer (numbers, booleans and strings as text). */
    public static Map<String, String> parse(String json) {
        Map<String, String> m = new java.util.HashMap<>();
        java.util.regex.Matcher x = FIELD.matcher(json);
        while (x.find()) {
            m.put(x.group(1), x.group(3) != null ? x.group(3) : x.group(2).strip());
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        for (Host h : all) {
            try {
                h.driver.close();
            } catch (RuntimeException e) {
                continue;
            }
        }
        List<String> marks = new ArrayList<>();
        for (Host h : all) {
            marks.add(h.emuDir.toString());
            marks.add(h.stateDir.toString());
        }
        List<ProcessHandle> left = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> marks.stream().anyMatch(c::contains)).orElse(false)).toList();
        for (ProcessHandle p : left) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : left) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                continue;
            }
        }
        for (Host h : all) {
            for (Path dir : List.of(h.emuDir, h.stateDir)) {
                if (Files.exists(dir)) {
                    try (Stream<Path> s = Files.walk(dir)) {
                        for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                            Files.deleteIfExists(x);
                        }
                    }
                }
            }
        }
    }
}
