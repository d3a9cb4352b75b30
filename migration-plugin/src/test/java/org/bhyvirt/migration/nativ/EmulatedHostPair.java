package org.bhyvirt.migration.nativ;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two emulated hosts for one test: a source and a destination, each its own {@code BHYVIRT_EMU_DIR} under
 * /dev/shm, running the emulator's real launchers. On close every process naming either directory (those
 * NativeMigration started included) is killed and both directories are removed, whatever happened.
 */
final class EmulatedHostPair implements AutoCloseable {
    /** One emulated host. */
    record Host(Path dir) {
        Map<String, String> env() {
            return Map.of("BHYVIRT_EMU_DIR", dir.toString());
        }

        Path vmDir(String name) {
            return dir.resolve("vmm").resolve(name);
        }
    }

    /** A finished program. */
    record Result(int exit, String out) {
    }

    private final String id = UUID.randomUUID().toString();
    final Host source = new Host(Path.of("/dev/shm", "bhyvirt-test-native-" + id + "-src"));
    final Host destination = new Host(Path.of("/dev/shm", "bhyvirt-test-native-" + id + "-dst"));
    private final Path bin;
    private final List<Process> started = new ArrayList<>();

    EmulatedHostPair() throws IOException {
        String root = System.getProperty("bhyvirt.root");
        Path b = root == null ? Path.of("..", "bhyve-emulator", "bin") : Path.of(root, "bhyve-emulator", "bin");
        if (!Files.isExecutable(b.resolve("bhyve"))) {
            b = Path.of("..", "bhyve-emulator", "bin");
        }
        bin = b.toAbsolutePath().normalize();
        Files.createDirectories(source.dir());
        Files.createDirectories(destination.dir());
    }

    String program(String name) {
        return bin.resolve(name).toString();
    }

    /** A free TCP port on loopback (bound and released). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts a program on {@code host} in the background, output to {@code log}. */
    Process start(Host host, Path log, String program, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(program(program));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(host.env());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    /** Runs a program on {@code host} to completion (60 s at most). */
    Result run(Host host, String program, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(host.dir(), "run-", ".log");
        Process p = start(host, log, program, args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(program + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    /** A guest image on the source host (the "shared storage" both command lines name). */
    Path guestImage(String name, String... options) throws IOException, InterruptedException {
        Path img = source.dir().resolve(name);
        List<String> a = new ArrayList<>(List.of("guest-image"));
        a.addAll(List.of(options));
        a.add(img.toString());
        Result r = run(source, "bhyve-emu", a.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("guest-image failed: " + r.out());
        }
        return img;
    }

    /** The bhyve argv (without program and name) of a guest with {@code mem}, 2 vCPUs and {@code disk}. */
    static List<String> bhyveArgs(String mem, Path disk, boolean wired) {
        List<String> a = new ArrayList<>(List.of("-c", "2", "-m", mem, "-u", "-H", "-P"));
        if (wired) {
            a.add("-S");
        }
        a.addAll(List.of("-s", "0:0,hostbridge", "-s", "2:0,ahci,hd:" + disk));
        return a;
    }

    /** bhyveload on {@code host}. */
    void load(Host host, String name, String mem, Path disk) throws IOException, InterruptedException {
        Result r = run(host, "bhyveload", "-m", mem, "-d", disk.toString(), name);
        if (r.exit() != 0) {
            throw new AssertionError("bhyveload failed: " + r.out());
        }
    }

    /** bhyveload then bhyve on the source; returns once the control socket exists. */
    Process bootSource(String name, String mem, Path disk, boolean wired) throws IOException, InterruptedException {
        load(source, name, mem, disk);
        List<String> a = new ArrayList<>(bhyveArgs(mem, disk, wired));
        a.add(name);
        Process p = start(source, source.dir().resolve("bhyve.log"), "bhyve", a.toArray(String[]::new));
        awaitControl(source, name, p);
        return p;
    }

    /** Waits until VM {@code name}'s control socket on {@code host} exists (30 s at most). */
    void awaitControl(Host host, String name, Process p) throws InterruptedException {
        Path sock = host.vmDir(name).resolve("ctl.sock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(sock)) {
            if (p != null && !p.isAlive()) {
                throw new AssertionError("bhyve ended with " + p.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no control socket for " + name + " in " + host.dir() + " after 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** {@code bhyve-emu ctl --vm=NAME COMMAND} on {@code host}, parsed (a flat JSON object). */
    Map<String, String> ctl(Host host, String name, String command) throws IOException, InterruptedException {
        Result r = run(host, "bhyve-emu", "ctl", "--vm=" + name, command);
        if (r.exit() != 0) {
            throw new AssertionError("ctl " + command + " exited " + r.exit() + ": " + r.out());
        }
        return FlatJson.parse(r.out().strip());
    }

    /** Every process whose command line names one of the two directories. */
    private List<ProcessHandle> namingProcesses() {
        String a = source.dir().toString();
        String b = destination.dir().toString();
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                .map(c -> c.contains(a) || c.contains(b)).orElse(false)).toList();
    }

    @Override
    public void close() throws IOException {
        List<ProcessHandle> all = new ArrayList<>(namingProcesses());
        synchronized (started) {
            for (Process p : started) {
                all.add(p.toHandle());
            }
        }
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                continue;
            }
        }
        for (Path dir : List.of(source.dir(), destination.dir())) {
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
