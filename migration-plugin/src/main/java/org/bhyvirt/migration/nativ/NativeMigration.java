package org.bhyvirt.migration.nativ;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;

/**
 * Supervises one native (patch-driven) bhyve migration: starts the destination bhyve (itself, or
 * through its host's domain driver as a {@link ReceivingBhyve}), waits for its readiness line, runs
 * the source's bhyvectl, then decides the outcome from the process exits with
 * {@link NativeOutcome}. On success the destination is handed to the caller; on any failure
 * (or timeout, or interruption) the destination is killed before the {@link MigrationException} is
 * thrown, and the source is never touched, so it keeps running the guest. The states, in order:
 * {@code STARTING_DESTINATION}, {@code AWAITING_READINESS}, {@code REQUESTING}, {@code TRANSFERRING},
 * {@code CONFIRMING}.
 *
 * <p>{@link #cancel()} takes effect until bhyvectl asks the patch to migrate: the destination is
 * killed and OPERATION_ABORTED thrown, the source untouched. From then on the patch has no abort
 * (its protocol has none; killing the receiver mid-stream could lose a guest whose source already
 * sent everything): a cancel is then ignored and the timeout bounds the migration.
 */
public final class NativeMigration {
    private static final long POLL_MS = 10;
    private final NativeDestination destination;
    private final Supplier<ReceivingBhyve> starter;
    private final NativeSource source;
    private final NativeMigrationOptions options;
    private volatile boolean cancelled;

    /** A migration with these sides and limits; {@link #run()} starts the destination process itself. */
    public NativeMigration(NativeDestination destination, NativeSource source, NativeMigrationOptions options) {
        this.destination = destination;
        this.starter = null;
        this.source = source;
        this.options = options;
    }

    /**
     * A migration whose destination bhyve {@code starter} starts (e.g. the destination host's driver,
     * which supervises it as a domain); {@link #supervise()} runs it.
     */
    public NativeMigration(Supplier<ReceivingBhyve> starter, NativeSource source, NativeMigrationOptions options) {
        this.destination = null;
        this.starter = starter;
        this.source = source;
        this.options = options;
    }

    /**
     * Cancels from any thread if bhyvectl has not yet asked the patch to migrate (see the class
     * description); later it has no effect.
     */
    public void cancel() {
        cancelled = true;
    }

    /** Runs the migration; returns the running destination process or throws with it killed. */
    public NativeMigrationResult run() {
        if (destination == null) {
            throw new IllegalStateException("this migration's destination is started by its host: use supervise()");
        }
        ProcessReceiver[] started = new ProcessReceiver[1];
        NativeMigrationReport r = supervise(() -> started[0] = startDestination());
        return new NativeMigrationResult(started[0].process, r.readiness(), r.times());
    }

    /** Runs a migration built with a starter; returns its report or throws with the destination killed. */
    public NativeMigrationReport supervise() {
        if (starter == null) {
            throw new IllegalStateException("this migration starts its destination process itself: use run()");
        }
        return supervise(starter);
    }

    private NativeMigrationReport supervise(Supplier<ReceivingBhyve> start) {
        long begin = System.nanoTime();
        long deadline = begin + options.timeout().toNanos();
        checkCancelled("STARTING_DESTINATION");
        ReceivingBhyve dst = start.get();
        boolean handedOver = false;
        try {
            LogTail tail = new LogTail(dst.log(), dst.logOffset());
            ReadinessLine ready = awaitReadiness(dst, tail, deadline);
            long readyAt = System.nanoTime();
            sleepMillis(Math.min(options.settle().toMillis(), remainingMillis(deadline)));
            checkCancelled("AWAITING_READINESS");
            runBhyvectl(deadline);
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
            return new NativeMigrationReport(ready, new NativeMigrationTimes(Duration.ofNanos(readyAt - begin),
                    Duration.ofNanos(sourceEndedAt - readyAt), Duration.ofNanos(System.nanoTime() - begin)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "TRANSFERRING",
                    "the supervising thread was interrupted", e);
        } finally {
            if (!handedOver) {
                dst.kill();
            }
        }
    }

    private void checkCancelled(String state) {
        if (cancelled) {
            throw new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.PERFORM, state,
                    "the native migration was cancelled before bhyvectl asked the patch to migrate; "
                            + "the guest keeps running on the source");
        }
    }

    private ProcessReceiver startDestination() {
        ProcessBuilder pb = new ProcessBuilder(destination.bhyveArgv());
        pb.environment().putAll(destination.environment());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(destination.log().toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return new ProcessReceiver(pb.start(), destination.log());
        } catch (IOException e) {
            throw new MigrationException(MigrationException.Code.SYSTEM_ERROR, MigrationPhase.PREPARE, "STARTING_DESTINATION",
                    "cannot start the destination bhyve " + destination.bhyveArgv().get(0) + ": " + e.getMessage(), e);
        }
    }

    private ReadinessLine awaitReadiness(ReceivingBhyve dst, LogTail tail, long deadline) throws InterruptedException {
        while (true) {
            Optional<ReadinessLine> r;
            try {
                r = tail.poll();
            } catch (IOException e) {
                throw new MigrationException(MigrationException.Code.READ_FAILED, MigrationPhase.PREPARE, "AWAITING_READINESS",
                        "cannot read the destination's log " + dst.log() + ": " + e.getMessage(), e);
            }
            if (r.isPresent()) {
                return r.get();
            }
            checkCancelled("AWAITING_READINESS");
            if (dst.exit().isDone()) {
                throw new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.PREPARE,
                        "AWAITING_READINESS", "the destination bhyve exited with status " + exitOf(dst)
                        + " before it listened" + lastLines(tail));
            }
            if (System.nanoTime() >= deadline) {
                throw new MigrationException(MigrationException.Code.OPERATION_TIMEOUT, MigrationPhase.PREPARE,
                        "AWAITING_READINESS", "the destination bhyve printed no readiness line within " + options.timeout()
                        + lastLines(tail));
            }
            waitFor(dst, POLL_MS);
        }
    }
    private void runBhyvectl(long deadline) throws InterruptedException {
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

    private NativeOutcome.Observation awaitEnd(ReceivingBhyve dst, long deadline) throws InterruptedException {
        CompletableFuture<Integer> src = source.bhyveExit().toCompletableFuture();
        boolean timedOut = false;
        try {
            CompletableFuture.anyOf(src, dst.exit()).get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
        } catch (ExecutionException e) {
            throw new MigrationException(MigrationException.Code.INTERNAL_ERROR, MigrationPhase.PERFORM, "TRANSFERRING",
                    "observing the source or destination bhyve failed: " + e.getCause(), e.getCause());
        }
        return observe(src, dst, timedOut);
    }

    private NativeOutcome.Observation confirm(ReceivingBhyve dst, NativeOutcome.Observation seen)
            throws InterruptedException {
        waitFor(dst, options.grace().toMillis());
        return observe(source.bhyveExit().toCompletableFuture(), dst, seen.timedOut());
    }

    private NativeOutcome.Observation observe(CompletableFuture<Integer> src, ReceivingBhyve dst, boolean timedOut) {
        Integer srcExit = src.isDone() && !src.isCompletedExceptionally() ? src.join() : null;
        Integer dstExit = dst.exit().isDone() ? exitOf(dst) : null;
        return new NativeOutcome.Observation(srcExit, source.vmPresent().getAsBoolean(), dstExit, timedOut);
    }

    private static int exitOf(ReceivingBhyve dst) {
        CompletableFuture<Integer> e = dst.exit();
        return e.isCompletedExceptionally() ? -1 : e.join();
    }

    private static void waitFor(ReceivingBhyve dst, long millis) throws InterruptedException {
        try {
            dst.exit().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running (or its exit is unknown): the caller looks again
        }
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

    /** A destination bhyve this class started as a plain process. */
    private static final class ProcessReceiver implements ReceivingBhyve {
        private final Process process;
        private final Path log;
        private final CompletableFuture<Integer> exit;

        ProcessReceiver(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.exit = process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public Path log() {
            return log;
        }

        @Override
        public long logOffset() {
            return 0;
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public void kill() {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
