package org.bhyvirt.driver.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.bhyvirt.driver.argv.BhyveCapabilities;
import org.bhyvirt.driver.argv.BhyveCapabilityProbe;
import org.bhyvirt.driver.event.RecordingEventPublisher;
import org.bhyvirt.driver.host.HostConfig;
import org.bhyvirt.driver.host.ProgramResult;
import org.bhyvirt.driver.host.ProgramRunner;

/**
 * Test fixture: one emulated bhyve host with its own state directory and its own emulator
 * directory under /dev/shm, the emulator's real launcher scripts, a recording publisher, and a
 * {@link #close()} that destroys every VM, kills every process of this host by pid and deletes
 * both directories, whatever state the test left.
 */
public final class EmulatedHost implements AutoCloseable {

    private static volatile BhyveCapabilities caps;

    final Path root = Path.of(System.getProperty("bhyvirt.root", "..")).toAbsolutePath().normalize();
    final Path bin = root.resolve("bhyve-emulator/bin");
    public final Path stateDir;
    final Path emuDir;
    public final HostConfig config;
    final RecordingEventPublisher events = new RecordingEventPublisher();
    private final List<DomainDriver> drivers = new ArrayList<>();
    private final ProgramRunner runner;

    public EmulatedHost() throws IOException {
        this(c -> c);
    }

    /** A host whose configuration is {@code adjust}ed from the emulated defaults. */
    EmulatedHost(java.util.function.UnaryOperator<HostConfig> adjust) throws IOException {
        stateDir = Files.createTempDirectory("bhyvirt-test-state-");
        emuDir = Files.createTempDirectory(Path.of("/dev/shm"), "bhyvirt-test-host-");
        config = adjust.apply(HostConfig.emulated("test-host", stateDir, bin, emuDir)
                .withShutdownTimeout(Duration.ofSeconds(20)));
        runner = new ProgramRunner(config.environment(), Duration.ofSeconds(60));
    }

    static synchronized BhyveCapabilities capabilities(Path bin, Path firmwareDir) {
        if (caps == null) {
            caps = new BhyveCapabilityProbe().probe(bin.resolve("bhyve"), bin.resolve("grub-bhyve"), firmwareDir);
        }
        return new BhyveCapabilities(caps.bhyve(), caps.grub(), firmwareDir);
    }

    /** Opens a (new) driver on this host's state directory, publishing to {@link #events}. */
    DomainDriver open() {
        return open(events);
    }

    /** Opens a (new) driver on this host's state directory with its own event publisher. */
    public DomainDriver open(org.bhyvirt.driver.event.EventPublisher publisher) {
        DomainDriver d = DomainDriver.open(config, publisher, capabilities(bin, config.firmwareDir()));
        synchronized (drivers) {
            drivers.add(d);
        }
        return d;
    }

    /** A boot disk without an emulated guest's header: the guest on it idles. */
    Path idleDisk() throws IOException {
        Path p = stateDir.resolve("idle.img");
        Files.write(p, new byte[4096]);
        return p;
    }

    /** Writes an emulated guest's boot disk with {@code bhyve-emu guest-image}. */
    public Path guestImage(String file, String... options) {
        Path p = stateDir.resolve(file);
        List<String> argv = new ArrayList<>(List.of(bin.resolve("bhyve-emu").toString(), "guest-image"));
        argv.addAll(List.of(options));
        argv.add(p.toString());
        runner.runChecked(argv);
        return p;
    }

    /** {@code bhyve-emu ctl --vm=NAME COMMAND}; returns its JSON output. */
    String ctl(String vm, String command) {
        ProgramResult r = runner.runChecked(List.of(bin.resolve("bhyve-emu").toString(), "ctl", "--vm=" + vm, command));
        return r.output();
    }

    /** Waits until the guest answers its control socket (it is up); returns its status JSON. */
    public String awaitGuestUp(String vm) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            ProgramResult r = runner.run(List.of(bin.resolve("bhyve-emu").toString(), "ctl", "--vm=" + vm, "status"));
            if (r.succeeded()) {
                return r.output();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("guest " + vm + " did not come up: " + r.describe());
            }
            Thread.sleep(50); // the emulator offers no completion to await before its socket exists
        }
    }

    /** Runs the host's ifconfig; returns its output. */
    String ifconfig(String... args) {
        List<String> argv = new ArrayList<>(List.of(config.ifconfig().orElseThrow().toString()));
        argv.addAll(List.of(args));
        return runner.runChecked(argv).output().strip();
    }

    /** Waits until the supervisor of {@code vm} has recorded bhyve's exit (no driver is watching). */
    void awaitExitRecorded(String vm) throws InterruptedException {
        Path exit = config.runDir().resolve(vm + ".exit");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(exit)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no exit recorded for " + vm);
            }
            Thread.sleep(50); // nothing to await: the driver that would watch is closed on purpose
        }
    }

    /** Removes a VM's directory behind its bhyve's back (a VM lost by the kernel). */
    void deleteVmDirectory(String vm) throws IOException {
        deleteTree(emuDir.resolve("vmm").resolve(vm));
    }

    /** Kills the supervisor of the bhyve with {@code pid}, then bhyve itself, so no exit is recorded. */
    void killSupervisorAndGuest(long pid) throws Exception {
        ProcessHandle bhyve = ProcessHandle.of(pid).orElseThrow();
        ProcessHandle sup = bhyve.parent().orElseThrow();
        sup.destroyForcibly();
        sup.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        bhyve.destroyForcibly();
        bhyve.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** A JSON string field of {@code json}. */
    static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":");
        if (i < 0) {
            throw new AssertionError("no field " + name + " in " + json);
        }
        int start = i + name.length() + 3;
        if (json.charAt(start) == '"') {
            return json.substring(start + 1, json.indexOf('"', start + 1));
        }
        int end = start;
        while (end < json.length() && ",}".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(start, end).strip();
    }

    /** A small domain booting {@code disk} with bhyveload. */
    public static String domainXml(String name, UUID uuid, long memoryMiB, int vcpus, Path disk) {
        return "<domain type='bhyve'>\n"
                + "  <name>" + name + "</name>\n"
                + "  <uuid>" + uuid + "</uuid>\n"
                + "  <memory unit='MiB'>" + memoryMiB + "</memory>\n"
                + "  <vcpu>" + vcpus + "</vcpu>\n"
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

    @Override
    public void close() throws IOException {
        synchronized (drivers) {
            drivers.forEach(DomainDriver::close);
        }
        Path vmm = emuDir.resolve("vmm");
        if (Files.isDirectory(vmm)) {
            try (Stream<Path> s = Files.list(vmm)) {
                s.forEach(vm -> runner.run(List.of(config.bhyvectl().toString(), "--vm=" + vm.getFileName(), "--destroy")));
            }
        }
        String emuMark = "-Dbhyvirt.emu.dir=" + emuDir;
        String stateMark = stateDir.toString();
        ProcessHandle.allProcesses().filter(p -> {
            String cmd = cmdline(p.pid());
            // the emulator's JVMs, their launcher shells (a process stopped before its exec still is
            // one) and the supervisors: all name this host's emulator or state directory
            return cmd.contains(emuMark) || cmd.contains(stateMark) || cmd.contains(emuDir.toString());
        }).forEach(p -> {
            p.destroyForcibly();
            try {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + p.pid() + " did not die", e);
            }
        });
        deleteTree(emuDir);
        deleteTree(stateDir);
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Deletes {@code dir}. A file that appears while the tree is deleted (a write of a process or
     * thread that was ending as the host closed; seen once in run/) makes it try again, a few
     * times, naming what appeared.
     */
    private static void deleteTree(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                return;
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                if (attempt == 5) {
                    throw e;
                }
                try (Stream<Path> left = Files.walk(Path.of(e.getFile()))) {
                    System.err.println("EmulatedHost: files appeared while " + dir + " was deleted: "
                            + left.toList());
                }
                try {
                    Thread.sleep(100); // whatever wrote it was ending: give it a moment, then delete again
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
