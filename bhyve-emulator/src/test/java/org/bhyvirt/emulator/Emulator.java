package org.bhyvirt.emulator;

import java.io.IOException;
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
import org.bhyvirt.emulator.control.Json;

/**
 * A test's private emulator: its own {@code BHYVIRT_EMU_DIR} under /dev/shm, the launcher scripts run as
 * real processes, and on close every process it started (and their descendants) killed and the
 * directory removed, whatever happened in the test.
 */
final class Emulator implements AutoCloseable {
    /** What a finished program did. */
    record Result(int exit, String out, String err) {
    }

    private final Path dir = Path.of("/dev/shm", "bhyvirt-test-emu-" + UUID.randomUUID());
    private final Path bin = Path.of("bin").toAbsolutePath();
    private final List<Process> started = new ArrayList<>();
    private int seq;

    Emulator() throws IOException {
        Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    Path vmDir(String name) {
        return dir.resolve("vmm").resolve(name);
    }

    private ProcessBuilder builder(String program, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.resolve(program).toString());
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BHYVIRT_EMU_DIR", dir.toString());
        return pb;
    }

    /** Runs a program to completion (at most 60 s). */
    Result run(String program, String... args) throws IOException, InterruptedException {
        Process p = start(program, args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(program + " did not finish in 60 s");
        }
        return result(p);
    }

    /** Starts a program in the background; its output goes to files read by {@link #result}. */
    Process start(String program, String... args) throws IOException {
        int n = ++seq;
        ProcessBuilder pb = builder(program, args);
        pb.redirectOutput(dir.resolve("out." + n).toFile());
        pb.redirectError(dir.resolve("err." + n).toFile());
        Process p = pb.start();
        synchronized (started) {
            started.add(p);
        }
        outputs.put(p, n);
        return p;
    }

    private final Map<Process, Integer> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    /** The exit status and output of a finished process. */
    Result result(Process p) throws IOException, InterruptedException {
        int exit = p.waitFor();
        int n = outputs.get(p);
        return new Result(exit, Files.readString(dir.resolve("out." + n)), Files.readString(dir.resolve("err." + n)));
    }

    /** The output so far (stdout then stderr) of a process that may still run. */
    String result0(Process p) throws IOException {
        int n = outputs.get(p);
        return Files.readString(dir.resolve("out." + n)) + Files.readString(dir.resolve("err." + n));
    }

    /** Waits (at most 30 s) until {@code p} ends and returns its exit status. */
    int awaitExit(Process p) throws InterruptedException {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + p.pid() + " did not end in 30 s");
        }
        return p.exitValue();
    }

    /** Writes a guest image with {@code options} (bhyve-emu guest-image) and returns its path. */
    Path guestImage(String name, String... options) throws IOException, InterruptedException {
        Path img = dir.resolve(name);
        List<String> a = new ArrayList<>(List.of("guest-image"));
        a.addAll(List.of(options));
        a.add(img.toString());
        Result r = run("bhyve-emu", a.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("guest-image failed: " + r.err());
        }
        return img;
    }

    /** A disk without a guest header (the guest idles). */
    Path plainDisk(String name) throws IOException {
        Path img = dir.resolve(name);
        Files.write(img, new byte[4096]);
        return img;
    }

    /** bhyveload then bhyve in the background; returns once the control socket answers. */
    Process boot(String name, String mem, int vcpus, Path disk, String... extra) throws IOException, InterruptedException {
        Result load = run("bhyveload", "-m", mem, "-d", disk.toString(), name);
        if (load.exit() != 0) {
            throw new AssertionError("bhyveload failed: " + load.err());
        }
        List<String> a = new ArrayList<>(List.of("-c", Integer.toString(vcpus), "-m", mem, "-u", "-H", "-P",
                "-s", "0:0,hostbridge", "-s", "2:0,ahci,hd:" + disk));
        a.addAll(List.of(extra));
        a.add(name);
        Process p = start("bhyve", a.toArray(String[]::new));
        awaitControl(name, p);
        return p;
    }

    /** Waits until VM {@code name}'s control socket exists (or {@code p} died). */
    void awaitControl(String name, Process p) throws InterruptedException, IOException {
        Path sock = vmDir(name).resolve("ctl.sock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(sock)) {
            if (!p.isAlive()) {
                throw new AssertionError("bhyve ended with " + p.exitValue() + ": " + result(p).err());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no control socket for " + name + " after 30 s");
            }
            p.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    /** {@code bhyve-emu ctl --vm=NAME COMMAND [ARG]}; fails the test unless it exits 0. */
    Map<String, Object> ctl(String name, String... command) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("ctl", "--vm=" + name));
        a.addAll(List.of(command));
        Result r = run("bhyve-emu", a.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("bhyve-emu ctl " + String.join(" ", command) + " exited " + r.exit() + ": " + r.err());
        }
        return Json.parseObject(r.out().strip());
    }

    static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Long l)) {
            throw new AssertionError("answer field " + key + " missing or not a number: " + m);
        }
        return l;
    }

    @Override
    public void close() throws IOException {
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
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
}
