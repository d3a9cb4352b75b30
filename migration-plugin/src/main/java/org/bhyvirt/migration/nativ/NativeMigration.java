package org.bhyvirt.migration.nativ;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;

/**
 * Supervises one native (patch-driven) bhyve migration: starts the destination bhyve, waits for its
 * readiness line, runs the source's bhyvectl, then decides the outcome from the process exits with
 * {@link NativeOutcome}. On success the destination process is handed to the caller; on any failure
 * (or timeout, or interruption) the destination is killed before the {@link MigrationException} is
 * thrown, and the source is never touched, so it keeps running the guest. The states, in order:
 * {@code STARTING_DESTINATION}, {@code AWAITING_READINESS}, {@code REQUESTING}, {@code TRANSFERRING},
 * {@code CONFIRMING}.
 */
public final class NativeMigration {
    private static final long POLL_MS = 10;
    private final NativeDestination destination;
    private final NativeSource source;
    private final NativeMigrationOptions options;

    /** A migration with these sides and limits. */
    public NativeMigration(NativeDestination destination, NativeSource source, NativeMigrationOptions options) {
        this.destination = destination;
        this.source = source;
        this.options = options;
    }

    /** Runs the migration; returns the running destination or throws with the destination killed. */
    public NativeMigrationResult run() {
        long start = System.nanoTime();
        long deadline = start + options.timeout().toNanos();
        Process dst = startDestination();
        boolean handedOver = false;
        try {
            LogTail tail = new LogTail(destination.log());
            ReadinessLine ready = awaitReadiness(dst, tail, deadline);
            long readyAt = System.nanoTime();
            sleepMillis(Math.min(options.settle().toMillis(), remainingMillis(deadline)));
            runBhyvectl(dst, deadline);
            NativeOutcome.Observation seen = awaitEnd(dst, deadline);
            long sourceEndedAt = System.nanoTime();
            if (seen.sourceExit() != null && seen.destinationExit() == null && seen.sourceExit() == 0) {
                seen = confirm(dst, seen);
            }
            NativeOutcome outcome = NativeOutcome.decide(seen);
            if (!outcome.success()) {
                String state = seen.timedOut() ? "TRANSFERRING" : seen.sourceExit() == null ? "TRANSFERRING" : "CONFIRMING";
                throw new MigrationException(outcome.code(), seen.sourceExit() == null ? MigrationPhase.PERFORM
                        : MigrationPhase.CONFIRM, state, outcome.reason() + lastLines(tail));
            }
            handedOver = true;
            NativeMigrationTimes times = new NativeMigrationTimes(Duration.ofNanos(readyAt - start),
                    Duration.ofNanos(sourceEndedAt - readyAt), Duration.ofNanos(System.nanoTime() - start));
            return new NativeMigrationResult(dst, ready, times);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "TRANSFERRING",
                    "the supervising thread was interrupted", e);
        } finally {
            if (!handedOver) {
                kill(dst);
            }
        }
    }

    private Process startDestination() {
        ProcessBuilder pb = new ProcessBuilder(destination.bhyveArgv());
        pb.environment().putAll(destination.environment());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(destination.log().toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new MigrationException(MigrationException.Code.SYSTEM_ERROR, MigrationPhase.PREPARE, "STARTING_DESTINATION",
                    "cannot start the destination bhyve " + destination.bhyveArgv().get(0) + ": " + e.getMessage(), e);
        }
    }

    private ReadinessLine awaitReadiness(Process dst, LogTail tail, long deadline) throws InterruptedException {
        while (true) {
            Optional<ReadinessLine> r;
            try {
                r = tail.poll();
            } catch (IOException e) {
                throw new MigrationException(MigrationException.Code.READ_FAILED, MigrationPhase.PREPARE, "AWAITING_READINESS",
                        "cannot read the destination's log " + destination.log() + ": " + e.getMessage(), e);
            }
            if (r.isPresent()) {
                return r.get();
            }
            if (!dst.isAlive()) {
                throw new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.PREPARE,
                        "AWAITING_READINESS", "the destination bhyve exited with status " + dst.exitValue()
                        + " before it listened" + lastLines(tail));
            }
            if (System.nanoTime() >= deadline) {
                throw new MigrationException(MigrationException.Code.OPERATION_TIMEOUT, MigrationPhase.PREPARE,
                        "AWAITING_READINESS", "the destination bhyve printed no readiness line within " + options.timeout()
                        + lastLines(tail));
            }
            dst.waitFor(POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void runBhyvectl(Process dst, long deadline) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(source.bhyvectlArgv());
        pb.environment().putAll(source.environment());
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process ctl;
        try {
            ctl = pb.start();
        } catch (IOException e) {
            throw new MigrationException(MigrationException.Code.SYSTEM_ERROR, MigrationPhase.PERFORM, "REQUESTING",
                    "cannot run " + source.bhyvectlArgv().get(0) + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return ctl.getInputStream().readNBytes(64 * 1024);
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!ctl.waitFor(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
            ctl.destroyForcibly();
            throw new MigrationException(MigrationException.Code.OPERATION_TIMEOUT, MigrationPhase.PERFORM, "REQUESTING",
                    "bhyvectl did not return within the timeout " + options.timeout());
        }
        if (ctl.exitValue() != 0) {
            String text = new String(output.getNow(new byte[0]), StandardCharsets.UTF_8).strip();
            try {
                text = new String(output.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
            } catch (ExecutionException | TimeoutException e) {
                text = text.isEmpty() ? "(no output)" : text;
            }
            throw new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.PERFORM, "REQUESTING",
                    String.join(" ", source.bhyvectlArgv()) + " exited with status " + ctl.exitValue() + ": " + text);
        }
    }

    private NativeOutcome.Observation awaitEnd(Process dst, long deadline) throws InterruptedException {
        CompletableFuture<Integer> src = source.bhyveExit().toCompletableFuture();
        CompletableFuture<Process> dstEnd = dst.onExit();
        boolean timedOut = false;
        try {
            CompletableFuture.anyOf(src, dstEnd).get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
        } catch (ExecutionException e) {
            throw new MigrationException(MigrationException.Code.INTERNAL_ERROR, MigrationPhase.PERFORM, "TRANSFERRING",
                    "observing the source bhyve failed: " + e.getCause(), e.getCause());
        }
        return observe(src, dst, timedOut);
    }

    private NativeOutcome.Observation confirm(Process dst, NativeOutcome.Observation seen) throws InterruptedException {
        dst.waitFor(options.grace().toMillis(), TimeUnit.MILLISECONDS);
        return observe(source.bhyveExit().toCompletableFuture(), dst, seen.timedOut());
    }

    private NativeOutcome.Observation observe(CompletableFuture<Integer> src, Process dst, boolean timedOut) {
        Integer srcExit = src.isDone() && !src.isCompletedExceptionally() ? src.join() : null;
        Integer dstExit = dst.isAlive() ? null : dst.exitValue();
        return new NativeOutcome.Observation(srcExit, source.vmPresent().getAsBoolean(), dstExit, timedOut);
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void sleepMillis(long ms) throws InterruptedException {
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static String lastLines(LogTail tail) {
        try {
            tail.poll();
        } catch (IOException e) {
            return "";
        }
        String l = tail.lastLines();
        return l.isEmpty() ? "" : " (destination output: " + l + ")";
    }

    private static void kill(Process p) {
        if (p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
