package org.bhyvirt.driver.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.store.DomainStore;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.host.BhyveHost;
import org.bhyvirt.driver.host.GuestExit;
import org.bhyvirt.driver.host.GuestProcess;

/**
 * A patched bhyve's own migration (the UPB patch) reached through this host's driver, so that the
 * guest is a domain on both sides. Destination: {@link #prepareIncoming} starts the domain's bhyve
 * in receive mode (loader, then {@code bhyve ... -R host,port NAME}) supervised as any guest,
 * PAUSED(MIGRATION) with a STARTED migrated event; {@link #finishIncoming} (the guest arrived):
 * RUNNING(MIGRATED), RESUMED migrated; {@link #abortIncoming} or any exit of that bhyve before
 * finish: SHUTOFF(FAILED), STOPPED failed; the incoming migration job holds the domain from prepare
 * to finish. Source (under the outgoing job {@link DomainMigrationSupport#begin} took):
 * {@link #beginOutgoing} hands out the
 * {@code bhyvectl --migrate-live} (or {@code --migrate}) command and marks the run so that bhyve's
 * exit 0 is SHUTOFF(MIGRATED), STOPPED migrated, never a reboot; {@link #cancelOutgoing} lifts the
 * mark (the guest runs on; exit 0 is a reboot again).
 *
 * <p>Limit: while the mark is set, a guest that reboots by itself (also exit 0) is taken as migrated;
 * bhyve's exit status cannot tell the two apart, so the supervision checks that the destination runs.
 */
public final class NativeMigrationSupport {

    /**
     * The destination bhyve waiting for the migration.
     *
     * @param log       the file its output is appended to (where its readiness line appears)
     * @param logOffset the log's length before it started: its own lines come after
     * @param exit      completes with its exit status (128 + signal when killed, -1 when unknown)
     */
    public record Receiver(Path log, long logOffset, CompletionStage<Integer> exit) {
    }

    /**
     * The source side of a native migration.
     *
     * @param bhyvectlArgv the command that asks the source bhyve to migrate
     * @param environment  the host's environment for its programs
     * @param bhyveExit    completes with the source bhyve's exit status (as {@link Receiver#exit})
     * @param vmPresent    whether the source VM still exists
     */
    public record Outgoing(List<String> bhyvectlArgv, Map<String, String> environment,
            CompletionStage<Integer> bhyveExit, BooleanSupplier vmPresent) {
    }

    private final DomainRegistry registry;
    private final BhyveHost host;
    private final DomainStore store;
    private final EventEmitter events;
    private final GuestRunner runner;
    private final Function<String, DomainDef> parser;

    NativeMigrationSupport(DomainRegistry registry, BhyveHost host, DomainStore store, EventEmitter events,
            GuestRunner runner, Function<String, DomainDef> parser) {
        this.registry = registry;
        this.host = host;
        this.store = store;
        this.events = events;
        this.runner = runner;
        this.parser = parser;
    }

    /**
     * Starts the domain defined by {@code xml} (transient unless defined here) receiving on
     * {@code listenHost,port}: PAUSED(MIGRATION), event STARTED migrated. VIR_ERR_OPERATION_INVALID
     * if it is already active here; VIR_ERR_INVALID_ARG for a bad address.
     */
    public Receiver prepareIncoming(String xml, String listenHost, int port) {
        DomainDef def = parser.apply(xml);
        try (DomainLease lease = DomainLease.addOrFind(registry, def)) {
            DomainObject d = lease.domain;
            DomainLease.requireInactive(d);
            if (d.job != null) {
                throw DomainLease.jobRefusal(d, d.job, "migrate into");
            }
            long offset = logLength(d.name);
            // the job is held before the start's event goes out, so no listener gets a change through
            JobRecord.set(d, DomainJob.MIGRATION_IN, store);
            try {
                runner.startWith(d, def, LifecycleMove.MIGRATE_PREPARE, c -> {
                    try {
                        return c.withMigrationReceiver(listenHost, port);
                    } catch (IllegalArgumentException e) {
                        throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, e.getMessage(), e);
                    }
                });
            } catch (RuntimeException e) {
                JobRecord.set(d, null, store);
                DomainLease.forgetIfUnused(registry, d);
                throw e;
            }
            d.stopRequest = StopRequest.NATIVE_INCOMING;
            return new Receiver(host.logFile(d.name), offset, exitStatus(d.process));
        }
    }

    /**
     * The guest arrived and runs: RUNNING(MIGRATED), event RESUMED migrated. VIR_ERR_OPERATION_FAILED
     * when the receiving bhyve has ended (the domain is then SHUTOFF(FAILED) or gone).
     */
    public DomainRef finishIncoming(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (d.stopRequest != StopRequest.NATIVE_INCOMING || d.process == null || d.process.exit().isDone()) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "domain '" + d.name
                        + "' has no bhyve waiting for a native migration (it is " + d.status().reason() + ")");
            }
            d.stopRequest = StopRequest.NONE;
            JobRecord.set(d, null, store);
            d.move(LifecycleMove.MIGRATE_FINISH);
            store.saveStatus(d.name, d.runtime = d.runtime.withReason(LifecycleMove.MIGRATE_FINISH.to()));
            events.emit(d, LifecycleMove.MIGRATE_FINISH.event());
            return DomainDriver.ref(d);
        } catch (BhyveDriverException e) {
            if (e.number() == VirErrorNumber.NO_DOMAIN) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED,
                        "domain '" + name + "' ended before its native migration finished", e);
            }
            throw e;
        }
    }

    /**
     * The migration failed: the receiving bhyve is killed: SHUTOFF(FAILED), event STOPPED failed, a
     * transient domain forgotten. Nothing happens when no bhyve of {@code name} waits for a
     * migration (it already ended, or the guest runs here).
     */
    public void abortIncoming(String name) {
        DomainObject peek = registry.byName(name);
        if (peek == null) {
            return;
        }
        try (DomainLease lease = DomainLease.ofLocked(lock(peek))) {
            DomainObject d = lease.domain;
            if (d.removed || d.stopRequest != StopRequest.NATIVE_INCOMING || d.process == null) {
                return;
            }
            runner.killAndAwait(d, d.process);
            runner.finishRun(d, LifecycleMove.MIGRATE_IN_FAILED);
        }
    }

    /**
     * Marks the running domain {@code name} as migrating natively to {@code targetHost,port} and
     * returns the bhyvectl command ({@code --migrate-live} when {@code live}, else {@code --migrate})
     * and how to watch its bhyve. VIR_ERR_OPERATION_INVALID unless it is running.
     */
    public Outgoing beginOutgoing(String name, String targetHost, int port, boolean live) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (d.state() != DomainState.RUNNING || d.process == null) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "domain '" + d.name + "' is not running; only a running domain migrates");
            }
            if (d.job != DomainJob.MIGRATION_OUT) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "cannot migrate domain '" + d.name
                        + "' natively: no " + DomainJob.MIGRATION_OUT.description() + " job holds it (begin takes it)");
            }
            d.stopRequest = StopRequest.NATIVE_OUTGOING;
            List<String> argv = List.of(host.config().bhyvectl().toString(), "--vm=" + d.name,
                    (live ? "--migrate-live=" : "--migrate=") + targetHost + "," + port);
            String vm = d.name;
            return new Outgoing(argv, host.config().environment(), exitStatus(d.process), () -> host.vmExists(vm));
        }
    }

    /**
     * The native migration failed: the domain runs on, its bhyve's exit 0 is a reboot again and the
     * outgoing job ends.
     */
    public void cancelOutgoing(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (d.stopRequest == StopRequest.NATIVE_OUTGOING) {
                d.stopRequest = StopRequest.NONE;
            }
            if (d.job == DomainJob.MIGRATION_OUT) {
                JobRecord.set(d, null, store);
            }
        } catch (BhyveDriverException e) {
            if (e.number() != VirErrorNumber.NO_DOMAIN) {
                throw e;
            }
        }
    }

    /**
     * The native migration succeeded: waits until the source domain's run has ended (its exit
     * handled: SHUTOFF(MIGRATED)). VIR_ERR_OPERATION_TIMEOUT if it has not within {@code timeout}.
     */
    public void confirmOutgoing(String name, Duration timeout) {
        DomainObject d = registry.byName(name);
        if (d == null) {
            return;
        }
        CompletableFuture<Void> ended;
        d.lock.lock();
        try {
            if (!d.isActive()) {
                return;
            }
            ended = d.runEnded;
        } finally {
            d.lock.unlock();
        }
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_TIMEOUT,
                    "the source domain '" + name + "' did not end within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED, "interrupted", e);
        }
    }

    private static DomainObject lock(DomainObject d) {
        d.lock.lock();
        return d;
    }

    private long logLength(String name) {
        try {
            Path log = host.logFile(name);
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.READ_FAILED,
                    "cannot read the log of domain '" + name + "': " + e.getMessage(), e);
        }
    }

    private static CompletionStage<Integer> exitStatus(GuestProcess p) {
        return p.exit().thenApply(NativeMigrationSupport::status);
    }

    static int status(GuestExit e) {
        return switch (e.kind()) {
            case EXITED -> e.value();
            case SIGNALED -> 128 + e.value();
            case UNKNOWN -> -1;
        };
    }
}
