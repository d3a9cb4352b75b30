package org.bhyvirt.driver.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GuestSupervisorTest {

    @TempDir
    Path state;

    private HostConfig config;
    private GuestSupervisor supervisor;
    private final List<GuestProcess> started = new ArrayList<>();

    /** bhyve's exit statuses, by meaning. */
    enum BhyveExit {
        REBOOT(0), POWEROFF(1), HALT(2), TRIPLE_FAULT(3), ERROR(4);

        final int status;

        BhyveExit(int status) {
            this.status = status;
        }
    }

    /** Ways of detaching the supervisor from the driver's session. */
    enum Detach {
        /** util-linux setsid(1) as the emulated host uses it: no fork for a child of Java. */
        SETSID(HostConfig.LINUX_SETSID),
        /** setsid --fork: forks and returns at once, as FreeBSD's daemon(8) does. */
        FORKING_LIKE_FREEBSD_DAEMON(List.of("/usr/bin/setsid", "--fork")),
        /**
         * Forks with stdout on /dev/null, as daemon(8) -f does: the pid line never reaches the
         * driver's pipe, as when the JDK reaped a forking detach command and closed its stdout
         * before the supervisor printed (the race of a loaded machine).
         */
        FORKING_WITH_STDOUT_CLOSED(List.of("/bin/sh", "-c", "exec >/dev/null; exec /usr/bin/setsid --fork \"$@\"",
                "detach-f"));

        final List<String> command;

        Detach(List<String> command) {
            this.command = command;
        }
    }

    @BeforeEach
    void setUp() {
        config = HostConfig.emulated("test", state, state.resolve("bin"), state.resolve("emu"));
        supervisor = new GuestSupervisor(config);
    }

    /** Kills every process of each guest's session (the supervisor leads it), children included. */
    @AfterEach
    void killLeftovers() throws Exception {
        long ownSession = sessionOf(ProcessHandle.current().pid());
        for (GuestProcess p : started) {
            ProcessHandle.of(p.bhyvePid()).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(p.supervisorPid()).ifPresent(ProcessHandle::destroyForcibly);
            if (p.supervisorPid() != ownSession) {
                ProcessHandle.allProcesses().filter(h -> sessionOrZero(h.pid()) == p.supervisorPid())
                        .forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static long sessionOrZero(long pid) {
        try {
            return sessionOf(pid);
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // the process has gone
        }
    }

    private GuestProcess start(String mode, String name) throws URISyntaxException, InterruptedException {
        Path script = Path.of(getClass().getResource("/host/fake-guest.sh").toURI());
        GuestProcess p = supervisor.start(name, List.of("/bin/sh", script.toString(), mode, name),
                state.resolve(name + ".log"), state.resolve(name + ".exit"));
        started.add(p);
        if (mode.equals("run")) {
            awaitReady(name);
        }
        return p;
    }

    /** The fake guest prints "ready NAME" to its log once its SIGTERM handler is in place. */
    private void awaitReady(String name) throws InterruptedException {
        Path log = state.resolve(name + ".log");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                if (java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains("ready " + name)) {
                    return;
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " never became ready");
            }
            Thread.sleep(10); // a shell script offers nothing to await
        }
    }

    @ParameterizedTest
    @EnumSource(BhyveExit.class)
    void supervisorRecordsTheProgramsExitStatus(BhyveExit exit) throws Exception {
        GuestProcess p = start("exit" + exit.status, "vm-" + exit.name().toLowerCase());
        assertEquals(GuestExit.exited(exit.status), p.exit().get(10, TimeUnit.SECONDS));
    }

    @Test
    void deathBySignalIsRecordedAsThatSignal() throws Exception {
        GuestProcess p = start("run", "vm-kill");
        assertTrue(p.isAlive());
        ProcessHandle.of(p.bhyvePid()).orElseThrow().destroyForcibly();
        assertEquals(GuestExit.signaled(9), p.exit().get(10, TimeUnit.SECONDS));
    }

    @Test
    void sigtermIsAnAcpiPowerOffWithExitOne() throws Exception {
        GuestProcess p = start("run", "vm-term");
        ProcessHandle.of(p.bhyvePid()).orElseThrow().destroy();
        assertEquals(GuestExit.exited(1), p.exit().get(10, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @EnumSource(Detach.class)
    void supervisorRunsInASessionOfItsOwnAndItsExitIsLearntEvenWhenTheDetachCommandForks(Detach detach)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/setsid")));
        config = config.withDetach(detach.command);
        supervisor = new GuestSupervisor(config);
        GuestProcess p = start("run", "vm-detach-" + detach.name().toLowerCase());
        assertTrue(ProcessHandle.of(p.supervisorPid()).map(ProcessHandle::isAlive).orElse(false),
                "the reported supervisor is the shell that waits for bhyve");
        long ownSession = sessionOf(ProcessHandle.current().pid());
        assertTrue(sessionOf(p.supervisorPid()) != ownSession, "supervisor left the driver's session");
        assertTrue(sessionOf(p.bhyvePid()) != ownSession, "bhyve left the driver's session");
        assertThrows(TimeoutException.class, () -> p.exit().get(700, TimeUnit.MILLISECONDS),
                "a detach command that returned at once is not taken for the guest's end");
        ProcessHandle.of(p.bhyvePid()).orElseThrow().destroy();
        assertEquals(GuestExit.exited(1), p.exit().get(20, TimeUnit.SECONDS));
    }

    /** The session id of a process, from /proc/PID/stat (field 6). */
    private static long sessionOf(long pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }

    @Test
    void aStoppedProgramDoesNotEndItsSupervisor() throws Exception {
        GuestProcess p = start("run", "vm-stop");
        ProgramRunner kill = new ProgramRunner(java.util.Map.of(), Duration.ofSeconds(5));
        kill.runChecked(List.of("/bin/kill", "-STOP", Long.toString(p.bhyvePid())));
        assertThrows(TimeoutException.class, () -> p.exit().get(500, TimeUnit.MILLISECONDS));
        kill.runChecked(List.of("/bin/kill", "-CONT", Long.toString(p.bhyvePid())));
        ProcessHandle.of(p.bhyvePid()).orElseThrow().destroy();
        assertEquals(GuestExit.exited(1), p.exit().get(10, TimeUnit.SECONDS));
    }

    @Test
    void aLaterSupervisorAdoptsTheSameProcessAndLearnsItsExit() throws Exception {
        GuestProcess p = start("run", "vm-adopt");
        GuestProcess adopted = new GuestSupervisor(config).adopt("vm-adopt", p.bhyvePid(), p.supervisorPid(),
                p.bhyveStart(), state.resolve("vm-adopt.exit")).orElseThrow();
        assertEquals(p.bhyvePid(), adopted.bhyvePid());
        ProcessHandle.of(p.bhyvePid()).orElseThrow().destroy();
        assertEquals(GuestExit.exited(1), adopted.exit().get(10, TimeUnit.SECONDS));
    }

    @Test
    void adoptionWatchesBhyveItselfWhenTheRecordedSupervisorPidNowBelongsToAnotherProcess() throws Exception {
        GuestProcess p = start("run", "vm-reused-sup");
        long unrelated = ProcessHandle.current().pid(); // alive for the whole test, and no supervisor
        GuestProcess adopted = new GuestSupervisor(config).adopt("vm-reused-sup", p.bhyvePid(), unrelated,
                p.bhyveStart(), state.resolve("vm-reused-sup.exit")).orElseThrow();
        assertEquals(0, adopted.supervisorPid());
        ProcessHandle.of(p.bhyvePid()).orElseThrow().destroy();
        assertEquals(GuestExit.exited(1), adopted.exit().get(20, TimeUnit.SECONDS));
    }

    @Test
    void adoptionRefusesAProcessThatRunsAnotherVm() throws Exception {
        GuestProcess p = start("run", "vm-real");
        assertFalse(new GuestSupervisor(config).adopt("vm-other", p.bhyvePid(), p.supervisorPid(), p.bhyveStart(),
                state.resolve("vm-other.exit")).isPresent());
    }

    @Test
    void adoptionRefusesAReusedPid() throws Exception {
        GuestProcess p = start("run", "vm-reuse");
        Optional<java.time.Instant> otherStart = Optional.of(p.bhyveStart().orElseThrow().minusSeconds(3600));
        assertFalse(new GuestSupervisor(config).adopt("vm-reuse", p.bhyvePid(), p.supervisorPid(), otherStart,
                state.resolve("vm-reuse.exit")).isPresent());
    }
}
