package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider;

/**
 * Two emulated hosts for one test, each its own {@code BHYVIRT_EMU_DIR} under /dev/shm
 * ({@code bhyvirt-test-*}) running the emulator's real launchers, each with its own Vmm provider.
 * {@link #close()} kills every process either host started or that names either directory and
 * removes both directories, whatever the test left behind.
 */
final class EmulatedHosts implements AutoCloseable {
    /** Whether bhyve runs with the emulator's test hooks. */
    enum Hooks { OFF, TEST_HOOKS }

    /** One host: its emulator directory and Vmm provider. */
    final class Host {
        final Path dir;
        final EmulatedVmmProvider provider;

        Host(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
            this.provider = new EmulatedVmmProvider(dir, dir.resolve("staging"));
        }

        Path vmDir(String name) {
            return dir.resolve("vmm").resolve(name);
        }

        /** Runs {@code program args} to completion (60 s at most); returns its output, failing on a non-zero exit. */
        String run(String program, String... args) throws IOException, InterruptedException {
            Path log = Files.createTempFile(dir, "run-", ".log");
            Process p = start(this, Hooks.OFF, log, program, List.of(args));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(program + " did not finish in 60 s");
            }
            String out = Files.readString(log);
            if (p.exitValue() != 0) {
                throw new AssertionError(program + " " + String.join(" ", args) + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        }

        /** bhyveload, then bhyve in the background; returns once the control socket exists. */
        Process boot(String name, List<String> argv, String mem, Path disk, Hooks hooks)
                throws IOException, InterruptedException {
            run("bhyveload", "-m", mem, "-d", disk.toString(), name);
            List<String> a = new ArrayList<>(argv);
            a.add(name);
            Process p = start(this, hooks, dir.resolve("bhyve-" + name + ".log"), "bhyve", a);
            awaitControl(name, p);
            return p;
        }

        /** {@code bhyve ARGV -r CHECKPOINT NAME} in the background; returns once the control socket exists. */
        Process restore(String name, List<String> argv, Path checkpoint) throws IOException, InterruptedException {
            List<String> a = new ArrayList<>(argv);
            a.addAll(List.of("-r", checkpoint.toString(), name));
            Process p = start(this, Hooks.OFF, dir.resolve("bhyve-" + name + "-restored.log"), "bhyve", a);
            awaitControl(name, p);
            return p;
        }

        /**
         * The guest of a short switch-over on this host: {@code bhyve ARGV -r CHECKPOINT NAME} started at
         * prepare (it waits for its state); abandoning it kills that bhyve and destroys the VM.
         */
        IncomingGuest waitingGuest(List<String> argv) {
            return new IncomingGuest() {
                private volatile Process bhyve;

                @Override
                public void startWaiting(String name, Path checkpoint) throws IOException {
                    List<String> a = new ArrayList<>(argv);
                    a.addAll(List.of("-r", checkpoint.toString(), name));
                    bhyve = start(Host.this, Hooks.OFF, dir.resolve("bhyve-" + name + "-waiting.log"), "bhyve", a);
                }

                @Override
                public void resumed(String name) {
                    // a plain process: nothing to record
                }

                @Override
                public void abandon(String name) {
                    Process p = bhyve;
                    try {
                        if (p != null) {
                            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                        }
                        destroy(name);
                    } catch (IOException | InterruptedException | AssertionError e) {
                        throw new IllegalStateException("abandoning the waiting guest " + name + " failed", e);
                    }
                }
            };
        }

        /** {@code bhyvectl --vm=NAME --destroy}. */
        void destroy(String name) throws IOException, InterruptedException {
            run("bhyvectl", "--vm=" + name, "--destroy");
        }

        /** A control command's answer as a flat map of strings. */
        Map<String, String> ctl(String name, String... command) throws IOException, InterruptedException {
            List<String> a = new ArrayList<>(List.of("ctl", "--vm=" + name));
            a.addAll(Arrays.asList(command));
            return parse(run("bhyve-emu", a.toArray(String[]::new)).strip());
        }

        private void awaitControl(String name, Process p) throws InterruptedException, IOException {
            Path sock = vmDir(name).resolve("ctl.sock");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(sock)) {
                if (!p.isAlive()) {
                    throw new AssertionError("bhyve " + name + " ended with " + p.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no control socket for " + name + " after 30 s");
                }
                p.waitFor(20, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)");

    private final String id = UUID.randomUUID().toString();
    private final Path bin;
    private final List<Process> started = new ArrayList<>();
    final Host source;
    final Host destination;

    EmulatedHosts() throws IOException {
        Path root = Path.of(System.getProperty("bhyvirt.root", "..")).toAbsolutePath().normalize();
        bin = root.resolve("bhyve-emulator/bin");
        source = new Host(Path.of("/dev/shm", "bhyvirt-test-" + id + "-src"));
        destination = new Host(Path.of("/dev/shm", "bhyvirt-test-" + id + "-dst"));
    }

    /** The bhyve argv (without the name) of a guest with {@code mem}, 2 vCPUs and {@code disk}. */
    static List<String> argv(String mem, Path disk) {
        return List.of("-c", "2", "-m", mem, "-u", "-H", "-P", "-s", "0:0,hostbridge", "-s", "2:0,ahci,hd:" + disk);
    }

    /** A guest image on the source host (the "shared storage" both argvs name). */
    Path guestImage(String name, String... options) throws IOException, InterruptedException {
        Path img = source.dir.resolve(name);
        List<String> a = new ArrayList<>(List.of("guest-image"));
        a.addAll(List.of(options));
        a.add(img.toString());
        source.run("bhyve-emu", a.toArray(String[]::new));
        return img;
    }

    private Process start(Host host, Hooks hooks, Path log, String program, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.resolve(program).toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BHYVIRT_EMU_DIR", host.dir.toString());
        pb.environment().remove("BHYVIRT_EMU_TEST_HOOKS");
        if (hooks == Hooks.TEST_HOOKS) {
            pb.environment().put("BHYVIRT_EMU_TEST_HOOKS", "1");
        }
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    static Map<String, String> parse(String json) {
        Map<String, String> m = new HashMap<>();
        Matcher x = FIELD.matcher(json);
        while (x.find()) {
            m.put(x.group(1), x.group(3) != null ? x.group(3) : x.group(2).strip());
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        List<ProcessHandle> all = new ArrayList<>();
        synchronized (started) {
            started.forEach(p -> all.add(p.toHandle()));
        }
        String a = source.dir.toString();
        String b = destination.dir.toString();
        ProcessHandle.allProcesses().filter(h -> h.info().commandLine()
                .map(c -> c.contains(a) || c.contains(b)).orElse(false)).forEach(all::add);
        for (ProcessHandle h : all) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                continue;
            }
        }
        for (Path dir : List.of(source.dir, destination.dir)) {
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
