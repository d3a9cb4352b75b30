package org.bhyvirt.driver.domain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
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
 * The source host's half of a cold migration, through bhyve's checkpoint as the driver's save uses
 * it: {@link #checkpointOutgoing} ({@code bhyvectl --suspend=FILE}; bhyve writes FILE, FILE.kern and
 * FILE.meta and exits 0) leaves the domain active without a bhyve, PAUSED(MIGRATION) with a
 * SUSPENDED migrated event, libvirt's "paused for offline migration"; then either
 * {@link #confirmOutgoing} (the destination runs the guest: SHUTOFF(MIGRATED), STOPPED migrated) or
 * {@link #restoreOutgoing} (the migration failed: {@code bhyve -r FILE} here,
 * RUNNING(MIGRATION_CANCELED), RESUMED migrated). The destination restores the files with
 * {@link #restoreIncoming} (loader, then {@code bhyve -r}, RUNNING(MIGRATED)). A restore takes the
 * files over: moved to the run directory, deleted when that run ends.
 *
 * <p>Guarantee: the guest is never lost by this class: the checkpoint files are deleted only when
 * the run restored from them ends, and a restore that fails leaves them where they were (the domain is then SHUTOFF(FAILED) and the error
 * names the files). While the domain waits, the runtime status is gone: a driver restarted in that
 * window sees the domain shut off (the files still hold the guest).
 */
public final class ColdMigrationSupport {
    private final DomainRegistry registry;
    private final BhyveHost host;
    private final DomainStore store;
    private final GuestRunner runner;
    private final Function<String, DomainDef> parser;

    ColdMigrationSupport(DomainRegistry registry, BhyveHost host, DomainStore store, GuestRunner runner,
            Function<String, DomainDef> parser) {
        this.registry = registry;
        this.host = host;
        this.store = store;
        this.runner = runner;
        this.parser = parser;
    }

    /**
     * Where this host keeps cold-migration checkpoints (the driver's save directory, created if
     * missing): on the file system of its run directory, so a restore can take the files over by a
     * rename. VIR_ERR_SYSTEM_ERROR when it cannot be created.
     */
    public Path checkpointDir() {
        Path dir = host.config().saveDir();
        try {
            return Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR,
                    "cannot create the checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checkpoints the running domain {@code name} to {@code file} (absolute, its directory existing);
     * bhyve exits and the domain is PAUSED(MIGRATION), still under the outgoing migration job.
     * VIR_ERR_OPERATION_INVALID unless it is running under that job ({@link DomainMigrationSupport#begin}
     * takes it); VIR_ERR_OPERATION_FAILED (the domain still running, no files left) when bhyvectl
     * refuses, or (the domain then ended as bhyve's exit says) when bhyve ends otherwise.
     */
    public void checkpointOutgoing(String name, Path file) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (d.state() != DomainState.RUNNING || d.process == null) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "domain '" + d.name + "' is not running; only a running domain migrates cold");
            }
            requireOutgoingJob(d);
            GuestProcess p = d.process;
            d.stopRequest = StopRequest.MIGRATION_CHECKPOINT;
            try {
                host.suspendToFile(d.name, file);
            } catch (BhyveDriverException e) {
                d.stopRequest = StopRequest.NONE;
                deleteQuietly(file);
                throw e;
            }
            GuestExit exit = runner.awaitExit(d, p, host.config().programTimeout());
            LifecycleMove move = ExitMapping.map(exit, StopRequest.MIGRATION_CHECKPOINT);
            if (move != LifecycleMove.MIGRATE_SWITCH_OVER || !complete(file)) {
                runner.finishRun(d, move == LifecycleMove.MIGRATE_SWITCH_OVER ? LifecycleMove.FAIL : move);
                throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "bhyve of domain '" + d.name
                        + "' ended with " + exit + " while checkpointing to " + file
                        + (complete(file) ? "" : " and the checkpoint is incomplete"));
            }
            runner.parkRun(d, move);
        }
    }

    /**
     * The migration failed before the destination ran the guest: restores it here from
     * {@code file} with the definition it ran with: RUNNING(MIGRATION_CANCELED), event RESUMED
     * migrated; the job ends. VIR_ERR_OPERATION_INVALID unless the domain waits in PAUSED(MIGRATION) after
     * {@link #checkpointOutgoing}; when {@code bhyve -r} fails the domain ends SHUTOFF(FAILED) and
     * the error names the files, which are kept.
     */
    public DomainRef restoreOutgoing(String name, Path file) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = requireWaiting(lease.domain);
            DomainDef def = d.liveDef;
            CompletableFuture<Void> parked = d.runEnded;
            Path restoring = store.restoringFile(d.name);
            try {
                store.moveImage(file, restoring);
                runner.start(d, def, LifecycleMove.MIGRATE_CANCEL, restoring);
                JobRecord.set(d, null, store);
            } catch (RuntimeException e) {
                moveBack(restoring, file, e);
                if (d.isActive() && d.process == null) {
                    runner.finishRun(d, LifecycleMove.START_FAILED);
                }
                throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "domain '" + name
                        + "' could not be restored on its source after a failed cold migration; its state is kept in "
                        + file + " (.kern, .meta): " + e.getMessage(), e);
            } finally {
                parked.complete(null);
            }
            return DomainDriver.ref(d);
        }
    }

    /**
     * Destination: starts the domain defined by {@code xml} (transient unless defined here) from the
     * received checkpoint {@code file}: its loader creates the VM, then {@code bhyve -r}:
     * RUNNING(MIGRATED), event STARTED migrated. The files are taken over (moved to the run
     * directory, deleted when this run ends; moved back if the start fails).
     * VIR_ERR_OPERATION_INVALID if the domain is already active here.
     */
    public DomainRef restoreIncoming(String xml, Path file) {
        DomainDef def = parser.apply(xml);
        try (DomainLease lease = DomainLease.addOrFind(registry, def)) {
            DomainObject d = lease.domain;
            DomainLease.requireInactive(d);
            Path restoring = store.restoringFile(d.name);
            try {
                store.moveImage(file, restoring);
                runner.start(d, def, LifecycleMove.MIGRATE_IN, restoring);
            } catch (RuntimeException e) {
                moveBack(restoring, file, e);
                DomainLease.forgetIfUnused(registry, d);
                throw e;
            }
            return DomainDriver.ref(d);
        }
    }

    /**
     * The destination runs the guest: the waiting domain ends SHUTOFF(MIGRATED), event STOPPED
     * migrated; a transient domain is forgotten. VIR_ERR_OPERATION_INVALID unless it waits in
     * PAUSED(MIGRATION) after {@link #checkpointOutgoing}.
     */
    public void confirmOutgoing(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = requireWaiting(lease.domain);
            runner.finishRun(d, LifecycleMove.MIGRATE_OUT);
        }
    }

    private void moveBack(Path restoring, Path file, RuntimeException cause) {
        try {
            store.moveImage(restoring, file);
        } catch (BhyveDriverException e) {
            cause.addSuppressed(e);
        }
    }

    private static void requireOutgoingJob(DomainObject d) {
        if (d.job != DomainJob.MIGRATION_OUT) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "cannot checkpoint domain '" + d.name
                    + "' for a cold migration: no " + DomainJob.MIGRATION_OUT.description()
                    + " job holds it (begin takes it)");
        }
    }

    private static DomainObject requireWaiting(DomainObject d) {
        if (d.status().reason() != DomainStateReason.PAUSED_MIGRATION || d.process != null
                || d.job != DomainJob.MIGRATION_OUT) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain '" + d.name
                    + "' is not waiting in a cold migration (it is " + d.status().reason() + ")");
        }
        return d;
    }

    private static boolean complete(Path file) {
        return Files.isRegularFile(file) && Files.isRegularFile(Path.of(file + ".kern"))
                && Files.isRegularFile(Path.of(file + ".meta"));
    }

    private static void deleteQuietly(Path file) {
        for (String s : new String[] {"", ".kern", ".meta"}) {
            try {
                Files.deleteIfExists(Path.of(file + s));
            } catch (java.io.IOException e) {
                // a refused checkpoint wrote nothing worth keeping; a leftover is harmless
            }
        }
    }
}
