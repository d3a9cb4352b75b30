package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The one directory a benchmark run works in, {@code /dev/shm/bhyvirt-bench-UUID} (emulated hosts, logs,
 * QEMU sockets and fill images). {@link #close} kills every process it started and every process whose
 * command line names the directory (emulator JVMs carry it in {@code -Dbhyvirt.emu.dir}, QEMU in its QMP
 * socket path), then removes the directory; it is safe to call more than once.
 */
public final class BenchWorkspace implements AutoCloseable {
    private final Path dir;
    private final List<Process> started = new ArrayList<>();
    private int scenarios;

    private BenchWorkspace(Path dir) {
        this.dir = dir;
    }

    /** A fresh workspace under {@code parent} (normally /dev/shm). */
    public static BenchWorkspace create(Path parent) throws IOException {
        Path d = parent.resolve("bhyvirt-bench-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(d);
        return new BenchWorkspace(d);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /**
     * A fresh directory for one scenario, with a short name (emulator control sockets below it must fit
     * the 108-byte limit of Unix socket paths).
     */
    public Path scenarioDir() throws IOException {
        synchronized (started) {
            return Files.createDirectories(dir.resolve("s" + ++scenarios));
        }
    }

    /** Kills the processes and removes every scenario directory (files at the top, like fill images, stay). */
    public void endScenario() throws IOException {
        killProcesses();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path sub : s.filter(Files::isDirectory).toList()) {
                remove(sub);
            }
        }
    }

    /** Remembers a process to kill on {@link #close}. */
    public Process track(Process p) {
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    /** Kills every process of the workspace and waits for them (10 s at most each). */
    public void killProcesses() {
        String d = dir.toString();
        List<ProcessHandle> all = new ArrayList<>(ProcessHandle.allProcesses()
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> h.info().commandLine().map(c -> c.contains(d)).orElse(false)).toList());
        synchronized (started) {
            for (Process p : started) {
                all.add(p.toHandle());
                p.descendants().forEach(all::add);
            }
        }
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                continue;
            }
        }
    }

    /** Kills the workspace's processes and removes its directory. */
    @Override
    public void close() throws IOException {
        killProcesses();
        remove(dir);
    }

    private static void remove(Path d) throws IOException {
        if (Files.exists(d)) {
            try (Stream<Path> s = Files.walk(d)) {
                for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(x);
                }
            }
        }
    }
}
