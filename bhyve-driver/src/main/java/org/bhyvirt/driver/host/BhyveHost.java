package org.bhyvirt.driver.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * The host boundary: runs the bhyve programs whose paths are configuration, exactly as libvirt's
 * bhyve driver runs them. Loaders run synchronously (a failure cleans up with
 * {@code bhyvectl --destroy} and aborts); bhyve runs under a {@link GuestSupervisor}; every stop
 * ends with {@code bhyvectl --destroy}; bhyve's output and every argv go to
 * {@code <state dir>/log/NAME.log}. Stateless apart from its configuration; thread-safe.
 */
public final class BhyveHost {

    /** Signals the driver sends to bhyve. */
    public enum Signal {
        /** ACPI power button. */
        TERM,
        /** Destroy. */
        KILL,
        /** Pause every vCPU (suspend). */
        STOP,
        /** Continue (resume). */
        CONT
    }

    private static final System.Logger LOG = System.getLogger(BhyveHost.class.getName());

    private final HostConfig config;
    private final ProgramRunner runner;
    private final GuestSupervisor supervisor;
    private final HostNetwork network;

    public BhyveHost(HostConfig config) {
        this.config = config;
        this.runner = new ProgramRunner(config.environment(), config.programTimeout());
        this.supervisor = new GuestSupervisor(config);
        this.network = new HostNetwork(config, runner);
        try {
            for (Path d : List.of(config.definitionsDir(), config.autostartDir(), config.runDir(), config.saveDir(),
                    config.logDir())) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot create the state directory " + config.stateDir() + ": " + e.getMessage(), e);
        }
    }

    public HostConfig config() {
        return config;
    }

    public HostNetwork network() {
        return network;
    }

    public NodeInfo nodeInfo() {
        return NodeInfo.probe();
    }

    /** The domain's log file. */
    public Path logFile(String name) {
        return config.logDir().resolve(name + ".log");
    }

    /** The pid file libvirt keeps for a running domain. */
    public Path pidFile(String name) {
        return config.runDir().resolve(name + ".pid");
    }

    /** Where the supervisor records bhyve's exit. */
    public Path exitFile(String name) {
        return config.runDir().resolve(name + ".exit");
    }

    /** grub-bhyve's device map, as libvirt names it; it exists only while the loader runs. */
    public Path deviceMapFile(String name) {
        return config.runDir().resolve("grub_bhyve-" + name + "-device.map");
    }

    /** Whether the kernel (or the emulator) has a VM of this name. */
    public boolean vmExists(String name) {
        return Files.isDirectory(config.vmmDir().resolve(name)) || Files.exists(config.vmmDir().resolve(name));
    }

    /**
     * Runs the loader synchronously: writes grub's device.map first when given, logs the argv,
     * deletes the device.map afterwards. A failing loader destroys the half-made VM and fails the
     * start with VIR_ERR_OPERATION_FAILED carrying the loader's output.
     */
    public void runLoader(String name, List<String> loaderArgv, Optional<String> deviceMap) {
        List<String> argv = resolveLoader(loaderArgv);
        Path map = deviceMapFile(name);
        try {
            if (deviceMap.isPresent()) {
                AtomicFiles.write(map, deviceMap.get());
            }
            log(name, "loader: " + String.join(" ", argv));
            ProgramResult r = runner.run(argv);
            log(name, r.output());
            if (!r.succeeded()) {
                destroyVm(name);
                throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                        "the loader of domain '" + name + "' failed: " + r.describe());
            }
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot write the device map of domain '" + name + "': " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(map);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete " + map + ": " + e.getMessage());
            }
        }
    }

    /** Starts bhyve ({@code argv[0]} "bhyve" is replaced by the configured path) under its supervisor. */
    public GuestProcess startBhyve(String name, List<String> bhyveArgv) {
        List<String> argv = new ArrayList<>(bhyveArgv);
        argv.set(0, config.bhyve().toString());
        log(name, "starting: " + String.join(" ", argv));
        GuestProcess p = supervisor.start(name, argv, logFile(name), exitFile(name));
        try {
            AtomicFiles.write(pidFile(name), p.bhyvePid() + "\n");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the pid file of " + name + ": " + e.getMessage());
        }
        return p;
    }

    /** Re-attaches to a bhyve started by an earlier driver, if it is still that process. */
    public Optional<GuestProcess> adopt(String name, long bhyvePid, long supervisorPid, Optional<Instant> start) {
        return supervisor.adopt(name, bhyvePid, supervisorPid, start, exitFile(name));
    }

    /** The exit a supervisor recorded while no driver watched (awaiting a supervisor still finishing). */
    public Optional<GuestExit> recordedExit(String name, long supervisorPid) {
        return supervisor.recordedExit(name, supervisorPid, exitFile(name), config.programTimeout());
    }

    /** The recorded bhyve of VM {@code name} if it is still alive and still that process. */
    public Optional<ProcessHandle> liveGuest(String name, long bhyvePid, Optional<Instant> bhyveStart) {
        return supervisor.liveGuest(name, bhyvePid, bhyveStart);
    }

    /** Sends a signal to a process (bhyve). */
    public void signal(String name, long pid, Signal signal) {
        ProgramResult r = runner.run(List.of("/bin/kill", "-" + signal.name(), Long.toString(pid)));
        if (!r.succeeded()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot send SIG" + signal + " to bhyve of domain '" + name + "' (pid " + pid + "): "
                            + r.output().strip());
        }
    }

    /** {@code bhyvectl --vm=NAME --destroy}; returns false (and logs) when there was no VM to destroy. */
    public boolean destroyVm(String name) {
        ProgramResult r = runner.run(List.of(config.bhyvectl().toString(), "--vm=" + name, "--destroy"));
        log(name, "destroy: " + r.describe());
        return r.succeeded();
    }

    /** {@code bhyvectl --vm=NAME --suspend=FILE}: checkpoint to FILE, after which bhyve exits 0. */
    public void suspendToFile(String name, Path file) {
        List<String> argv = List.of(config.bhyvectl().toString(), "--vm=" + name, "--suspend=" + file);
        ProgramResult r = runner.run(argv);
        long deadline = System.nanoTime() + CHECKPOINT_SOCKET_WAIT.toNanos();
        while (!r.succeeded() && checkpointSocketMissing(r) && System.nanoTime() < deadline) {
            // A bhyve started a moment ago has not opened its checkpoint socket yet: nothing signals
            // when it does, so bhyvectl is asked again shortly.
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            r = runner.run(argv);
        }
        log(name, "suspend: " + r.describe());
        if (!r.succeeded()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot save domain '" + name + "' to " + file + ": " + r.describe());
        }
    }

    /** How long a save waits for a just-started bhyve to open its checkpoint socket. */
    static final java.time.Duration CHECKPOINT_SOCKET_WAIT = java.time.Duration.ofSeconds(10);

    /**
     * Whether bhyvectl failed only because bhyve's checkpoint socket is not there (yet): FreeBSD's
     * bhyvectl says "connect() failed", the emulator's "cannot reach the bhyve".
     */
    static boolean checkpointSocketMissing(ProgramResult r) {
        String out = r.output();
        return out.contains("connect() failed") || out.contains("cannot reach the bhyve");
    }

    /** Removes the pid and exit files of a stopped domain. */
    public void forgetRun(String name) {
        try {
            Files.deleteIfExists(pidFile(name));
            Files.deleteIfExists(exitFile(name));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot clean runtime files of " + name + ": " + e.getMessage());
        }
    }

    private List<String> resolveLoader(List<String> loaderArgv) {
        List<String> argv = new ArrayList<>(loaderArgv);
        switch (argv.get(0)) {
            case "bhyveload" -> argv.set(0, config.bhyveload().toString());
            case "grub-bhyve" -> argv.set(0, config.grubBhyve().toString());
            default -> {
                // a custom <bootloader> path is run as given
            }
        }
        return argv;
    }

    private void log(String name, String line) {
        try {
            Files.writeString(logFile(name), Instant.now() + ": " + line.strip() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the log of " + name + ": " + e.getMessage());
        }
    }
}
