package org.bhyvirt.driver.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.domain.store.BrokenDefinition;
import org.bhyvirt.driver.domain.store.DomainStore;
import org.bhyvirt.driver.domain.store.RuntimeStatus;
import org.bhyvirt.driver.host.BhyveHost;
import org.bhyvirt.driver.host.GuestExit;
import org.bhyvirt.driver.host.GuestProcess;

/**
 * What the driver does when it opens, as libvirt's bhyve driver at daemon start: load every stored
 * definition (a broken one is reported and skipped, never fatal), reconnect to every domain that
 * was active (re-adopt its bhyve if it is still the same process and the VM exists; otherwise stop
 * it with the reason its supervisor recorded, or SHUTOFF(UNKNOWN) as libvirt when nothing tells,
 * restarting it if the recorded exit was a reboot; recover the migration job it was under, see
 * {@link #recoverJob}), then start autostart domains.
 */
final class DomainReconnect {

    private static final System.Logger LOG = System.getLogger(DomainReconnect.class.getName());

    private final BhyveHost host;
    private final DomainStore store;
    private final DomainXmlCodec codec;
    private final DomainRegistry registry;
    private final GuestRunner runner;
    private final SaveRestore saves;

    DomainReconnect(BhyveHost host, DomainStore store, DomainXmlCodec codec, DomainRegistry registry,
                    GuestRunner runner, SaveRestore saves) {
        this.host = host;
        this.store = store;
        this.codec = codec;
        this.registry = registry;
        this.runner = runner;
        this.saves = saves;
    }

    /** Runs the whole start-up; returns the definitions and runtime records that could not be used. */
    List<BrokenDefinition> run() {
        DomainStore.Loaded<DomainDef> loaded = store.loadDefinitions(codec::parse, DomainDef::name);
        List<BrokenDefinition> broken = new ArrayList<>(loaded.broken());
        for (DomainDef def : loaded.definitions()) {
            try {
                DomainObject d = registry.addOrFind(def.name(), def.uuid()).domain();
                d.persistentDef = def;
                d.lock.unlock();
            } catch (RuntimeException e) {
                broken.add(new BrokenDefinition(store.definitionFile(def.name()), e.getMessage()));
            }
        }
        for (String name : store.activeNames()) {
            try {
                reconnect(name);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot reconnect to domain '" + name + "': " + e.getMessage());
                broken.add(new BrokenDefinition(host.config().runDir().resolve(name + ".status"), e.getMessage()));
            }
        }
        for (BrokenDefinition b : broken) {
            LOG.log(System.Logger.Level.ERROR, "broken definition " + b.file() + ": " + b.problem());
        }
        autostart();
        return List.copyOf(broken);
    }

    private void reconnect(String name) {
        RuntimeStatus status = store.readStatus(name).orElseThrow();
        DomainDef live = codec.parse(store.readLiveXml(name).orElseThrow(
                () -> new IllegalStateException("the live XML of '" + name + "' is missing")));
        DomainObject d = registry.byName(name);
        if (d == null) {
            d = registry.addOrFind(name, live.uuid()).domain();
        } else {
            d.lock.lock();
        }
        try {
            Optional<GuestProcess> process = host.vmExists(name)
                    ? host.adopt(name, status.bhyvePid(), status.supervisorPid(), status.bhyveStart())
                    : Optional.empty();
            d.liveDef = live;
            d.runtime = status;
            d.taps = status.taps();
            d.runEnded = new CompletableFuture<>();
            d.restoreStatus(DomainStatus.of(status.reason()));
            if (process.isPresent()) {
                d.process = process.get();
                if (recoverJob(d, process.get())) {
                    return;
                }
                runner.watch(d, process.get());
                LOG.log(System.Logger.Level.INFO, "re-adopted domain ''{0}'' (bhyve pid {1})", name,
                        Long.toString(status.bhyvePid()));
                return;
            }
            Optional<ProcessHandle> orphan = host.liveGuest(name, status.bhyvePid(), status.bhyveStart());
            if (orphan.isPresent()) {
                // bhyve still runs but its VM is gone: nothing to keep; the driver stops it.
                orphan.get().destroyForcibly();
                host.recordedExit(name, status.supervisorPid());
                LOG.log(System.Logger.Level.WARNING, "domain ''{0}'': bhyve {1} ran without its VM; killed", name,
                        Long.toString(status.bhyvePid()));
                runner.finishRun(d, LifecycleMove.DAEMON_STOP);
                return;
            }
            Optional<GuestExit> exit = host.recordedExit(name, status.supervisorPid());
            LifecycleMove move = exit.map(e -> ExitMapping.map(e, StopRequest.NONE)).orElse(LifecycleMove.FAIL);
            if (move == LifecycleMove.REBOOT_STOP && JobRecord.recorded(name, store).isPresent()) {
                // bhyve also exits 0 when a cold migration's checkpoint or the patch's migration took
                // its guest away: booting it again could run the guest on two hosts.
                LOG.log(System.Logger.Level.WARNING, "domain ''{0}'' ended with exit 0 under a migration job "
                        + "while the driver was away; it is not booted again, as its guest may run on the "
                        + "destination (a cold migration's checkpoint stays in the checkpoint directory)", name);
                move = LifecycleMove.FAIL;
            }
            LOG.log(System.Logger.Level.INFO, "domain ''{0}'' ended while the driver was away ({1}): {2}", name,
                    exit.map(GuestExit::toString).orElse("no exit recorded"), move);
            DomainDef next = d.nextBootDef();
            runner.finishRun(d, move);
            if (move == LifecycleMove.REBOOT_STOP && !d.removed) {
                runner.start(d, next, LifecycleMove.BOOT, null);
            }
        } finally {
            d.lock.unlock();
        }
    }

    /**
     * Recovers the migration job an earlier driver recorded for re-adopted {@code d}, as libvirt's
     * qemu driver does at daemon start; the engine that ran it is gone with that driver. An
     * incoming migration can never complete: its waiting bhyve is killed, SHUTOFF(FAILED) with
     * event STOPPED failed (a transient domain forgotten); returns true. An outgoing one ends: a
     * guest still running stays so (the destination discards its half when the stream stays
     * silent); a guest paused for the switch-over stays paused, as the destination may already
     * run it: whoever knows resumes it here or destroys it.
     */
    private boolean recoverJob(DomainObject d, GuestProcess process) {
        Optional<DomainJob> job = JobRecord.recorded(d.name, store);
        JobRecord.set(d, null, store);
        if (job.isEmpty()) {
            return false;
        }
        if (job.get() == DomainJob.MIGRATION_IN) {
            LOG.log(System.Logger.Level.WARNING, "domain ''{0}'' was waiting for an incoming migration that the "
                    + "previous driver ran; its bhyve (pid {1}) is killed", d.name, Long.toString(process.bhyvePid()));
            d.stopRequest = StopRequest.DESTROY;
            runner.killAndAwait(d, process);
            runner.finishRun(d, LifecycleMove.MIGRATE_IN_FAILED);
            return true;
        }
        if (d.status().reason() == DomainStateReason.PAUSED_MIGRATION) {
            LOG.log(System.Logger.Level.WARNING, "domain ''{0}'' was paused for the switch-over of an outgoing "
                    + "migration that the previous driver ran; it stays paused: resume it if the destination "
                    + "does not run it, destroy it if it does", d.name);
        } else {
            LOG.log(System.Logger.Level.INFO, "domain ''{0}'': the outgoing migration the previous driver ran "
                    + "ended with it; the guest runs here", d.name);
        }
        return false;
    }

    private void autostart() {
        for (DomainObject d : registry.all()) {
            d.lock.lock();
            try {
                if (d.removed || d.isActive() || !d.isPersistent() || !store.isAutostart(d.name)) {
                    continue;
                }
                if (store.hasManagedSave(d.name)) {
                    saves.restoreManaged(d);
                } else {
                    runner.start(d, d.persistentDef, LifecycleMove.BOOT, null);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot autostart domain '" + d.name + "': " + e.getMessage());
            } finally {
                d.lock.unlock();
            }
        }
    }
}
