package org.bhyvirt.driver.vmm.emulated;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bhyvirt.driver.vmm.Vmm;

/**
 * A test's private emulated host: its own {@code BHYVIRT_EMU_DIR} under /dev/shm, the emulator's real
 * launcher scripts run as processes, an {@link EmulatedVmmProvider} over it. {@link #close()} kills every
 * process it started (with descendants) and every process naming its directory, closes the Vmms it opened
 * and removes the directory, whatever the test left behind.
 */
final class EmuHost implements AutoCloseable {
    /** Whether a bhyve runs with the emulator's test hooks enabled. */
    enum Hooks { OFF, TEST_HOOKS }

    final Path root = Path.of(System.getProperty("bhyvirt.root", "..")).toAbsolutePath().normalize();
    final Path bin = root.resolve("bhyve-emulator/bin");
    final Path dir;
    final EmulatedVmmProvider provider;
    private final List<Process> started = new ArrayList<>();
    private final List<Vmm> vmms = new ArrayList<>();
    private int seq;

    EmuHost() throws IOException {
        dir = Files.createTempDirectory(Path.of("/dev/shm"), "bhyvirt-test-vmm-");
        provider = new EmulatedVmmProvider(dir, dir.resolve("staging"));
    }

    /** Opens VM {@code name} through the provider (closed with the host). */
    Vmm open(String name) {
        Vmm v = provider.open(name);
        vmms.add(v);
        return v;
    }

    /** Creates incoming VM {@code name} through the provider (closed with the host). */
    Vmm createIncoming(String name, org.bhyvirt.driver.vmm.MemoryLayout layout) {
        Vmm v = provider.createIncoming(name, layout);
        vmms.add(v);
        return v;
    }

    private Process start(Hooks hooks, String program, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.resolve(program).toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BHYVIRT_EMU_DIR", dir.toString());
        pb.environment().remove("BHYVIRT_EMU_TEST_HOOKS");
        if (hooks == Hooks.TEST_HOOKS) {
            pb.environment().put("BHYVIRT_EMU_TEST_HOOKS", "1");
        }
        int n = ++seq;
        pb.redirectOutput(dir.resolve("out." + n).toFile());
        pb.redirectError(dir.resolve("err." + n).toFile());
        Process p = pb.start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    /** Runs a program to completion (at most 60 s); fails the test unless it exits 0. */
    void run(String program, String... args) throws IOException, InterruptedException {
        Process p = start(Hooks.OFF, program, List.of(args));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(program + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(program + " " + String.join(" ", args) + " exited " + p.exitValue() + ": "
                    + Files.readString(dir.resolve("err." + seq)));
        }
    }

    /** A guest disk image with the emulator's workload {@code options}. */
    Path guestImage(String name, String... options) throws IOException, InterruptedException {
        Path img = dir.resolve(name);
        List<String> a = new ArrayList<>(List.of("guest-image"));
        a.addAll(List.of(options));
        a.add(img.toString());
        run("bhyve-emu", a.toArray(String[]::new));
        return img;
    }

    private static List<String> argv(String mem, int vcpus, Path disk) {
        return new ArrayList<>(List.of("-c", Integer.toString(vcpus), "-m", mem, "-u", "-H", "-P",
                "-s", "0:0,hostbridge", "-s", "2:0,ahci,hd:" + disk));
    }

    /** bhyveload, then bhyve in the background; returns once its control socket exists. */
    Process boot(String name, String mem, int vcpus, Path disk, Hooks hooks) throws IOException, InterruptedException {
        run("bhyveload", "-m", mem, "-d", disk.toString(), name);
        List<String> a = argv(mem, vcpus, disk);
        a.add(name);
        Process p = start(hooks, "bhyve", a);
        awaitControl(name, p);
        return p;
    }

    /** {@code bhyve ... -r CHECKPOINT NAME} in the background; returns once its control socket exists. */
    Process restore(String name, String mem, int vcpus, Path disk, Path checkpoint) throws IOException, InterruptedException {
        List<String> a = argv(mem, vcpus, disk);
        a.addAll(List.of("-r", checkpoint.toString(), name));
        Process p = start(Hooks.OFF, "bhyve", a);
        awaitControl(name, p);
        return p;
    }

    private void awaitControl(String name, Process p) throws InterruptedException, IOException {
        Path sock = dir.resolve("vmm").resolve(name).resolve("ctl.sock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(sock)) {
            if (!p.isAlive()) {
                throw new AssertionError("bhyve ended with " + p.exitValue() + ": " + Files.readString(dir.resolve("err." + seq)));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no control socket for " + name + " after 30 s");
            }
            p.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends a control command to VM {@code name}; fails the test on a refusal. */
    Map<String, Object> ctl(String name, String command, String argument) {
        try {
            return new ControlChannel(name, dir.resolve("vmm").resolve(name).resolve("ctl.sock")).call(command, argument);
        } catch (ControlChannel.Refused r) {
            throw new AssertionError("VM " + name + " refused " + command + ": " + r.getMessage());
        }
    }

    /** A numeric field of a control answer. */
    static long num(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Long v)) {
            throw new AssertionError("answer field " + key + " missing or not a number: " + m);
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        vmms.forEach(Vmm::close);
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String mark = dir.toString();
        ProcessHandle.allProcesses().filter(p -> cmdline(p.pid()).contains(mark)).forEach(ProcessHandle::destroyForcibly);
        try {
            for (Process p : all) {
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(x);
                }
            }
        }
    }

    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
