package org.bhyvirt.driver.domain;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.store.DomainStore;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * What a migration engine asks of this host's domain driver, shaped as libvirt's migration v3
 * driver calls, so that states, events, jobs and bhyve's exits stay right while a guest moves. The
 * engine itself pauses, copies, restores and resumes through the Vmm port; the driver never sees
 * the migration protocol. States and events are those of libvirt's qemu driver:
 *
 * <pre>
 * source       begin            job MIGRATION_OUT taken          (state unchanged, RUNNING)
 *              switchOverPaused PAUSED(MIGRATION)                 SUSPENDED migrated
 *              confirm success  SHUTOFF(MIGRATED)                 STOPPED migrated     job ends
 *              confirm failure  RUNNING(MIGRATION_CANCELED)       RESUMED migrated     job ends
 *                               (only if it was paused for the switch-over; else unchanged)
 * destination  prepareIncoming  PAUSED(MIGRATION), bhyve waiting  STARTED migrated     job MIGRATION_IN
 *              finishIncoming   RUNNING(MIGRATED)                 RESUMED migrated     job ends
 *              abortIncoming    SHUTOFF(FAILED)                   STOPPED failed       job ends
 *                               (a transient domain is forgotten, a persistent definition untouched)
 * </pre>
 *
 * <p>While a job holds a domain its queries answer, destroy works (the guest ends, so does the
 * job, and {@link #runEnded} completes so the engine stops), and every other change is refused at
 * once ({@link DomainJob}). Any end of the guest's run ends the job.
 */
public final class DomainMigrationSupport {
    private final DomainRegistry registry;
    private final DomainXmlCodec codec;
    private final GuestRunner runner;
    private final DomainStore store;
    private final EventEmitter events;
    private final Function<String, DomainDef> parser;

    DomainMigrationSupport(DomainRegistry registry, DomainXmlCodec codec, GuestRunner runner, DomainStore store,
            EventEmitter events, Function<String, DomainDef> parser) {
        this.registry = registry;
        this.codec = codec;
        this.runner = runner;
        this.store = store;
        this.events = events;
        this.parser = parser;
    }

    /**
     * virDomainMigrateBegin3: takes the {@link DomainJob#MIGRATION_OUT} job on the running domain
     * and returns its definition (inactive XML) for the destination. VIR_ERR_OPERATION_INVALID
     * unless it is running, or while another job holds it.
     */
    public String begin(String name) {
        try (DomainLease lease = DomainLease.forChange(registry, name, "migrate")) {
            DomainObject d = lease.domain;
            if (d.state() != DomainState.RUNNING) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "domain '" + d.name + "' is not running; only a running domain migrates");
            }
            JobRecord.set(d, DomainJob.MIGRATION_OUT, store);
            return codec.formatInactive(d.liveDef);
        }
    }

    /**
     * The definition {@link #begin} would hand the destination (the running configuration as
     * inactive XML), without taking the job: what libvirt's client-driven Begin3 returns before its
     * Perform3 starts the migration. VIR_ERR_OPERATION_INVALID unless the domain runs.
     */
    public String definition(String name) {
        DomainObject d = DomainLease.peekByName(registry, name);
        org.bhyvirt.driver.domain.def.DomainDef live = d.liveDef;
        if (d.state() != DomainState.RUNNING || live == null) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "domain '" + d.name + "' is not running; only a running domain migrates");
        }
        return codec.formatInactive(live);
    }

    /**
     * Source switch-over: the engine paused the guest for the final round; the domain becomes
     * PAUSED(MIGRATION) with event SUSPENDED migrated. VIR_ERR_OPERATION_INVALID unless the
     * domain runs under this host's outgoing migration job.
     */
    public void switchOverPaused(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = requireJob(lease.domain, DomainJob.MIGRATION_OUT, "pause for switch-over");
            if (d.state() != DomainState.RUNNING) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain '" + d.name
                        + "' is " + d.state() + ", not running; it cannot be paused for the switch-over");
            }
            moveActive(d, LifecycleMove.MIGRATE_SWITCH_OVER);
        }
    }

    /**
     * virDomainMigrateConfirm3: ends the outgoing job. {@code success} (the destination runs the
     * guest) ends this host's bhyve and VM: SHUTOFF(MIGRATED), event STOPPED migrated (never a
     * reboot), a transient domain is forgotten. Without success a domain paused for the
     * switch-over (whose vCPUs the engine resumed) becomes RUNNING(MIGRATION_CANCELED) with event
     * RESUMED migrated, any other stays as it is; a domain that ended meanwhile (destroyed) is
     * left as it is.
     */
    public void confirmOutgoing(String name, boolean success) {
        DomainObject found = registry.byName(name);
        if (found == null && !success) {
            return; // destroyed during the migration (a transient domain is gone): nothing to restore
        }
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (!success) {
                if (d.job == DomainJob.MIGRATION_OUT) {
                    JobRecord.set(d, null, store);
                    if (d.status().reason() == DomainStateReason.PAUSED_MIGRATION) {
                        moveActive(d, LifecycleMove.MIGRATE_CANCEL);
                    }
                }
                return;
            }
            if (!d.isActive()) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "domain '" + d.name + "' is not active; nothing to end after its migration");
            }
            d.stopRequest = StopRequest.MIGRATED;
            runner.killAndAwait(d, d.process);
            runner.finishRun(d, LifecycleMove.MIGRATE_OUT);
        }
    }

    /**
     * virDomainMigratePrepare3 with a guest started at once: defines the domain by {@code xml}
     * (transient unless already defined here), takes the {@link DomainJob#MIGRATION_IN} job and
     * starts its bhyve from {@code checkpoint}, an incoming checkpoint (memory in the VM, state to
     * come over the Vmm port), so the guest waits paused: PAUSED(MIGRATION), event STARTED migrated.
     * No loader runs (it would reset the VM). VIR_ERR_OPERATION_INVALID if it is already active
     * here; on a failed start a transient domain is forgotten.
     */
    public DomainRef prepareIncoming(String xml, Path checkpoint) {
        return startIncoming(xml, checkpoint, LifecycleMove.MIGRATE_PREPARE);
    }

    /**
     * virDomainMigrateFinish3 after {@link #prepareIncoming}: the engine restored the state into
     * the waiting bhyve and resumed it; the domain becomes RUNNING(MIGRATED), event RESUMED migrated,
     * and the incoming job ends. VIR_ERR_OPERATION_INVALID unless the domain waits under that job.
     */
    public DomainRef finishIncoming(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = requireJob(lease.domain, DomainJob.MIGRATION_IN, "finish the migration of");
            if (d.status().reason() != DomainStateReason.PAUSED_MIGRATION) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "domain '" + d.name
                        + "' is " + d.status().reason() + ", not waiting for its migration");
            }
            JobRecord.set(d, null, store);
            moveActive(d, LifecycleMove.MIGRATE_FINISH);
            return DomainDriver.ref(d);
        }
    }

    /**
     * The destination gives up (virDomainMigrateFinish3 with the migration cancelled): the waiting
     * bhyve is killed and its VM destroyed, SHUTOFF(FAILED) with event STOPPED failed; a transient
     * domain is forgotten, a persistent definition stays untouched. A domain that is no longer
     * under the incoming job (destroyed meanwhile, or never prepared) is left alone.
     */
    public void abortIncoming(String name) {
        if (registry.byName(name) == null) {
            return;
        }
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (d.job != DomainJob.MIGRATION_IN || !d.isActive()) {
                return;
            }
            d.stopRequest = StopRequest.DESTROY;
            runner.killAndAwait(d, d.process);
            runner.finishRun(d, LifecycleMove.MIGRATE_IN_FAILED);
        } catch (BhyveDriverException e) {
            if (e.number() != VirErrorNumber.NO_DOMAIN) {
                throw e;
            }
        }
    }

    /**
     * virDomainMigrateFinish3 in one step (cold migration, or a destination without a waiting
     * guest): starts the domain defined by {@code xml} (transient unless already defined here)
     * from {@code checkpoint}, whose memory is already in the VM (no loader runs):
     * RUNNING(MIGRATED), event STARTED migrated. VIR_ERR_OPERATION_INVALID if it is already active.
     */
    public DomainRef finishIncoming(String xml, Path checkpoint) {
        return startIncoming(xml, checkpoint, LifecycleMove.MIGRATE_IN);
    }

    /**
     * The machine running domain {@code name} is, from the command line its bhyve runs with: what
     * a destination must reproduce. VIR_ERR_OPERATION_INVALID unless it is active.
     */
    public GuestMachine machine(String name) {
        DomainObject d = DomainLease.peekByName(registry, name);
        DomainDef live = d.liveDef;
        org.bhyvirt.driver.domain.store.RuntimeStatus runtime = d.runtime;
        if (live == null || runtime == null) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "domain '" + name + "' is not running; it has no machine to migrate");
        }
        return GuestMachine.of(live.vcpus(), runtime.argv());
    }

    /**
     * The machine this host would run the domain defined by {@code xml} as, from the command line
     * it would build for it (nothing is started or defined). Fails as defining or starting it here
     * would: a malformed definition, a device this host's bhyve lacks, more vCPUs or memory than
     * the host has.
     */
    public GuestMachine machineFor(String xml) {
        DomainDef def = parser.apply(xml);
        return GuestMachine.of(def.vcpus(), runner.plannedArgv(def));
    }

    /** The job holding domain {@code name}, if any; answers at once, without its lock. */
    public Optional<DomainJob> job(String name) {
        return Optional.ofNullable(DomainLease.peekByName(registry, name).job);
    }

    /**
     * Completes when the current run of domain {@code name} ends, whatever ends it (destroy, a
     * crash, the migration's own confirm); the engine cancels a migration whose guest is gone.
     * Already complete for an inactive domain.
     */
    public CompletableFuture<Void> runEnded(String name) {
        return DomainLease.peekByName(registry, name).runEnded.copy();
    }

    private DomainRef startIncoming(String xml, Path checkpoint, LifecycleMove move) {
        DomainDef def = parser.apply(xml);
        try (DomainLease lease = DomainLease.addOrFind(registry, def)) {
            DomainObject d = lease.domain;
            if (d.job != null) {
                throw DomainLease.jobRefusal(d, d.job, "migrate into");
            }
            DomainLease.requireInactive(d);
            // the job is held before the start's event goes out, so no listener gets a change through
            JobRecord.set(d, move == LifecycleMove.MIGRATE_PREPARE ? DomainJob.MIGRATION_IN : null, store);
            try {
                runner.start(d, def, move, checkpoint.toAbsolutePath());
            } catch (RuntimeException e) {
                JobRecord.set(d, null, store);
                if (!d.isPersistent()) {
                    registry.remove(d);
                }
                throw e;
            }
            return DomainDriver.ref(d);
        }
    }

    private static DomainObject requireJob(DomainObject d, DomainJob job, String operation) {
        if (d.job != job || !d.isActive()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "cannot " + operation + " domain '"
                    + d.name + "': no " + job.description() + " job holds it");
        }
        return d;
    }

    private void moveActive(DomainObject d, LifecycleMove move) {
        d.move(move);
        store.saveStatus(d.name, d.runtime = d.runtime.withReason(move.to()));
        events.emit(d, move.event());
    }
}
