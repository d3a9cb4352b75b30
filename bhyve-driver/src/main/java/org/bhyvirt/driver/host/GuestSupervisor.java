package org.bhyvirt.driver.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * Starts bhyve under a small POSIX sh supervisor, and re-attaches to one started earlier.
 *
 * <p>The supervisor runs in a session and process group of its own ({@link HostConfig#detach()}:
 * setsid(1) on Linux, daemon(8) on FreeBSD), so the guest survives the driver and a signal to the
 * driver's process group (a terminal's Ctrl-C) never reaches it. It starts bhyve in the background
 * with stdin from /dev/null and stdout/stderr appended to the domain's log, records its own pid and
 * bhyve's in a file beside the exit file and prints them on its stdout (the only thing the driver
 * reads from it), closes that pipe, waits for bhyve and then writes bhyve's shell exit status (128+N when killed by
 * signal N) to the exit file through a rename, so the record is whole or absent. SIGSTOP/SIGCONT
 * of bhyve do not wake the supervisor (non-interactive sh waits for termination only).
 *
 * <p>The driver watches the supervisor by the pid it reported, not by the process it spawned: a
 * detach command that forks (daemon(8)) ends at once while the supervisor, its child, runs on.
 * A supervisor that is the driver's own child is awaited directly; one that is not is polled by
 * the JDK (every few hundred milliseconds at first, at most every five seconds).
 */
public final class GuestSupervisor {

    static final String SCRIPT = String.join("\n",
            "log=$1; exitf=$2; shift 2",
            "rm -f \"$exitf\"",
            "\"$@\" </dev/null >>\"$log\" 2>&1 &",
            "child=$!",
            "echo \"$$ $child\" >\"$exitf.pids.tmp\" && mv -f \"$exitf.pids.tmp\" \"$exitf.pids\"",
            "echo \"$$ $child\"",
            "exec >/dev/null",
            "wait \"$child\"",
            "rc=$?",
            "printf '%s\\n' \"$rc\" >\"$exitf.tmp\" && mv -f \"$exitf.tmp\" \"$exitf\"",
            "");

    private final HostConfig config;

    public GuestSupervisor(HostConfig config) {
        this.config = config;
    }

    /** Starts {@code argv} (argv[0] already the real program path) supervised; returns once bhyve's pid is known. */
    public GuestProcess start(String name, List<String> argv, Path logFile, Path exitFile) {
        List<String> cmd = new ArrayList<>(config.detach());
        cmd.addAll(List.of("/bin/sh", "-c", SCRIPT, "bhyvirt-supervisor: " + name, logFile.toString(),
                exitFile.toString()));
        cmd.addAll(argv);
        Path pidsFile = pidsFile(exitFile);
        Process supervisor;
        try {
            Files.createDirectories(logFile.getParent());
            Files.deleteIfExists(exitFile);
            Files.deleteIfExists(pidsFile);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(config.environment());
            supervisor = pb.start();
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "cannot start bhyve for domain '" + name + "': " + e.getMessage(), e);
        }
        String line = firstLine(supervisor);
        if (line == null) {
            line = awaitPidsFile(supervisor, pidsFile);
        }
        deleteQuietly(pidsFile);
        String[] pids = line == null ? new String[0] : line.strip().split(" ");
        long supervisorPid;
        long pid;
        try {
            if (pids.length != 2) {
                throw new NumberFormatException(line);
            }
            supervisorPid = Long.parseLong(pids[0]);
            pid = Long.parseLong(pids[1]);
        } catch (NumberFormatException e) {
            supervisor.destroyForcibly();
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                    "the supervisor of domain '" + name + "' did not report bhyve's pid (see " + logFile + ")");
        }
        Optional<Instant> started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
        CompletableFuture<?> watched = supervisorPid == supervisor.pid()
                ? supervisor.onExit()
                : ProcessHandle.of(supervisorPid).map(ProcessHandle::onExit)
                        .orElse(CompletableFuture.completedFuture(null));
        return new GuestProcess(name, pid, supervisorPid, started, exitFile, watched);
    }

    /** The file in which the supervisor also records its pid and bhyve's (removed once read). */
    static Path pidsFile(Path exitFile) {
        return exitFile.resolveSibling(exitFile.getFileName() + ".pids");
    }

    /** The supervisor's pid line from the started process's stdout, or null at end of stream. */
    private static String firstLine(Process supervisor) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(supervisor.getInputStream(), StandardCharsets.US_ASCII))) {
            return r.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The pid line from the supervisor's file. A detach command that forks (daemon(8), setsid
     * --fork) can end before its child printed the line; the JDK then drains and closes the
     * child's stdout when it reaps the detach command, and the line never arrives there. The
     * supervisor has been started all the same: its file is awaited for the program timeout
     * unless the detach command itself failed.
     */
    private String awaitPidsFile(Process detach, Path pidsFile) {
        long deadline = System.nanoTime() + config.programTimeout().toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(pidsFile)) {
                    return Files.readString(pidsFile, StandardCharsets.US_ASCII);
                }
                if (!detach.isAlive() && detach.exitValue() != 0) {
                    return null;
                }
                Thread.sleep(5); // the file is written by a shell: there is nothing to wait on
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return null;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover record is overwritten by the next start
        }
    }

    /**
     * The bhyve process recorded for VM {@code name}, if it is still alive and still that process
     * (same start time, command line naming the VM).
     */
    public Optional<ProcessHandle> liveGuest(String name, long bhyvePid, Optional<Instant> bhyveStart) {
        return ProcessHandle.of(bhyvePid).filter(ProcessHandle::isAlive)
                .filter(h -> isGuestProcess(h, name, bhyveStart));
    }

    /**
     * Re-attaches to a guest started by an earlier driver: watches its supervisor if that is still
     * alive and still that supervisor (not a process that reused its pid), else bhyve itself. Returns empty when bhyve is no longer the process recorded (dead,
     * or its pid reused by another process).
     */
    public Optional<GuestProcess> adopt(String name, long bhyvePid, long supervisorPid,
                                        Optional<Instant> bhyveStart, Path exitFile) {
        Optional<ProcessHandle> bhyve = ProcessHandle.of(bhyvePid).filter(ProcessHandle::isAlive);
        if (bhyve.isEmpty() || !isGuestProcess(bhyve.get(), name, bhyveStart)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> sup = liveSupervisor(name, supervisorPid);
        CompletableFuture<ProcessHandle> watched = sup.orElse(bhyve.get()).onExit();
        return Optional.of(new GuestProcess(name, bhyvePid, sup.map(ProcessHandle::pid).orElse(0L), bhyveStart,
                exitFile, watched));
    }

    /**
     * The exit a supervisor recorded while nobody watched. If that supervisor is still alive (bhyve
     * has just ended and the record is being written), its exit is awaited first, up to
     * {@code wait}.
     */
    public Optional<GuestExit> recordedExit(String name, long supervisorPid, Path exitFile, java.time.Duration wait) {
        Optional<ProcessHandle> sup = liveSupervisor(name, supervisorPid);
        if (sup.isPresent()) {
            try {
                sup.get().onExit().get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                return recordedExit(exitFile);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return recordedExit(exitFile);
            }
        }
        return recordedExit(exitFile);
    }

    /** Whether a supervisor that ended while nobody watched left an exit record. */
    public Optional<GuestExit> recordedExit(Path exitFile) {
        try {
            if (Files.exists(exitFile)) {
                return Optional.of(GuestExit.fromShellStatus(
                        Integer.parseInt(Files.readString(exitFile, StandardCharsets.US_ASCII).strip())));
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The supervisor recorded for VM {@code name} if it is still alive and still that supervisor
     * (its command line names it), so a reused pid is never taken for it.
     */
    private static Optional<ProcessHandle> liveSupervisor(String name, long supervisorPid) {
        return supervisorPid > 0
                ? ProcessHandle.of(supervisorPid).filter(ProcessHandle::isAlive)
                        .filter(h -> commandLine(h).contains("bhyvirt-supervisor: " + name))
                : Optional.empty();
    }

    /**
     * Whether {@code process} is the bhyve of VM {@code name}: same start time as recorded (when
     * known) and its command line names the VM (as its last argument, or bhyve's proctitle
     * {@code "bhyve: NAME"}).
     */
    static boolean isGuestProcess(ProcessHandle process, String name, Optional<Instant> expectedStart) {
        Optional<Instant> start = process.info().startInstant();
        if (expectedStart.isPresent() && start.isPresent() && !expectedStart.get().equals(start.get())) {
            return false;
        }
        List<String> args = commandLine(process);
        if (args.isEmpty()) {
            return false;
        }
        String last = args.get(args.size() - 1);
        return last.equals(name) || args.contains("bhyve: " + name);
    }

    private static List<String> commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                String raw = Files.readString(proc, StandardCharsets.UTF_8);
                List<String> out = new ArrayList<>();
                for (String s : raw.split("\0")) {
                    out.add(s);
                }
                return out;
            }
        } catch (IOException e) {
            // fall through to what the JDK knows
        }
        ProcessHandle.Info info = process.info();
        List<String> out = new ArrayList<>();
        info.command().ifPresent(out::add);
        info.arguments().ifPresent(a -> out.addAll(List.of(a)));
        return out;
    }
}
