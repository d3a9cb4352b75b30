package org.bhyvirt.migration.managed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Faults a test inflicts on an emulated host from outside, as an operator or a crash would: kill or
 * freeze (SIGSTOP) the bhyve process of a VM, resume (SIGCONT) it, and cut this JVM's established
 * loopback TCP connections with {@code ss -K} (a real RST on both ends, no cooperation from either
 * engine). Used by the failure-injection tests only.
 */
final class HostFaults {
    private static final String BHYVE_MAIN = "org.bhyvirt.emulator.cli.Bhyve";

    private HostFaults() {
    }

    /** The bhyve processes of host directory {@code emuDir} (the emulator names it in its command line). */
    static List<ProcessHandle> bhyves(Path emuDir) {
        String dir = "-Dbhyvirt.emu.dir=" + emuDir;
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains(dir) && c.contains(BHYVE_MAIN)).orElse(false)).toList();
    }

    /** Every process naming {@code emuDir} in its command line (bhyve, bhyveload, ctl...). */
    static List<ProcessHandle> processesOf(Path emuDir) {
        String dir = emuDir.toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains(dir)).orElse(false)).toList();
    }

    /** SIGKILLs the bhyve of {@code emuDir} and waits for its end; false when none ran. */
    static boolean killBhyve(Path emuDir) {
        List<ProcessHandle> b = bhyves(emuDir);
        for (ProcessHandle p : b) {
            p.destroyForcibly();
        }
        for (ProcessHandle p : b) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("bhyve " + p.pid() + " did not die", e);
            }
        }
        return !b.isEmpty();
    }

    /** Sends {@code signal} (STOP, CONT) to the bhyve of {@code emuDir}; false when none ran. */
    static boolean signalBhyve(Path emuDir, String signal) throws IOException, InterruptedException {
        List<ProcessHandle> b = bhyves(emuDir);
        for (ProcessHandle p : b) {
            run("kill", "-" + signal, Long.toString(p.pid()));
        }
        return !b.isEmpty();
    }

    /** Whether {@code ss -K} can cut sockets here (root and a kernel with SOCK_DESTROY). */
    static boolean canCutConnections() {
        try {
            run("ss", "-K", "-t", "state", "established", "dst", "127.0.0.2", "dport", "=", "1");
            return true;
        } catch (IOException | InterruptedException | AssertionError e) {
            return false;
        }
    }

    /**
     * Cuts every established loopback TCP connection whose either end belongs to this JVM; returns the
     * local ports cut (empty when there were none).
     */
    static List<Integer> cutOwnLoopbackConnections() throws IOException, InterruptedException {
        String pid = Long.toString(ProcessHandle.current().pid());
        String out = run("ss", "-t", "-n", "-p", "-H", "state", "established");
        List<Integer> ports = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.contains("pid=" + pid + ",")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            // Recv-Q Send-Q Local:Port Peer:Port users:...; Java's dual-stack sockets show [::ffff:127.0.0.1]:port
            if (f.length < 4 || !loopback(f[2]) || !loopback(f[3])) {
                continue;
            }
            ports.add(Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1)));
        }
        for (int port : ports) {
            run("ss", "-K", "-t", "state", "established", "(", "sport", "=", ":" + port, "or", "dport", "=",
                    ":" + port, ")");
        }
        return ports;
    }

    private static boolean loopback(String address) {
        return address.startsWith("127.") || address.startsWith("[::ffff:127.") || address.startsWith("[::1]");
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
