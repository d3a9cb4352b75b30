package org.bhyvirt.migration.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;

/**
 * The destination's guard against a source that dies without closing its stream, shared by
 * {@link TargetMigration} and {@link ColdTargetMigration}: a daemon thread that checks every
 * 100 ms how long ago the receiver last made progress.
 *
 * <p>Guarantee: while {@code received} is not done and the last progress lies more than
 * {@code idleTimeout} back, the watchdog hands an OPERATION_TIMEOUT failure naming the silence to
 * its action exactly once and ends; it ends without acting once {@code received} is done or when
 * interrupted.
 */
final class IdleWatchdog {
    private static final long CHECK_MILLIS = 100;

    private IdleWatchdog() {
    }

    /**
     * Starts the watchdog thread {@code name}; {@code lastProgress} gives the {@link System#nanoTime}
     * of the receiver's last progress, {@code state} the conversation state named in the failure.
     */
    static void start(String name, CompletableFuture<?> received, LongSupplier lastProgress, Duration idleTimeout,
            String state, Consumer<MigrationException> onIdle) {
        Thread watchdog = new Thread(() -> watch(received, lastProgress, idleTimeout, state, onIdle), name);
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void watch(CompletableFuture<?> received, LongSupplier lastProgress, Duration idleTimeout,
            String state, Consumer<MigrationException> onIdle) {
        while (!received.isDone()) {
            if (System.nanoTime() - lastProgress.getAsLong() > idleTimeout.toNanos()) {
                onIdle.accept(new MigrationException(Code.OPERATION_TIMEOUT, MigrationPhase.PERFORM, state,
                        "the source sent nothing for " + idleTimeout.toMillis() + " ms"));
                return;
            }
            try {
                Thread.sleep(CHECK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
