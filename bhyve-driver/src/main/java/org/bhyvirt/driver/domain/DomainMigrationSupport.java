package org.bhyvirt.driver.domain;

import java.nio.file.Path;
import java.util.function.Function;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * What a migration engine asks of this host's domain driver, shaped as libvirt's migration v3
 * driver calls, so that states, events and bhyve's exits stay right while a guest moves:
 * {@link #begin} (source: the definition to send), {@link #finishIncoming} (destination: start the
 * guest from a staged checkpoint with memory in place, supervised as any guest: RUNNING(MIGRATED),
 * event STARTED migrated), {@link #confirmOutgoing} (source: on success end bhyve as the migration's
 * own stop, SHUTOFF(MIGRATED), event STOPPED migrated, never mistaken for a reboot; on failure the
 * domain keeps running). The engine itself pauses, copies and resumes through the Vmm port; the
 * driver never sees the migration protocol.
 */
public final class DomainMigrationSupport {
    private final DomainRegistry registry;
    private final DomainXmlCodec codec;
    private final GuestRunner runner;
    private final Function<String, DomainDef> parser;

    DomainMigrationSupport(DomainRegistry registry, DomainXmlCodec codec, GuestRunner runner,
            Function<String, DomainDef> parser) {
        this.registry = registry;
        this.codec = codec;
        this.runner = runner;
        this.parser = parser;
    }

    /**
     * virDomainMigrateBegin3: the running domain's definition (inactive XML) for the destination;
     * VIR_ERR_OPERATION_INVALID unless it is running.
     */
    public String begin(String name) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (d.state() != DomainState.RUNNING) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "domain '" + d.name + "' is not running; only a running domain migrates");
            }
            return codec.formatInactive(d.liveDef);
        }
    }

    /**
     * virDomainMigrateFinish3 on success: starts the domain defined by {@code xml} (transient
     * unless already defined here) from {@code checkpoint}, whose memory is already in the VM
     * (no loader runs). VIR_ERR_OPERATION_INVALID if it is already active here.
     */
    public DomainRef finishIncoming(String xml, Path checkpoint) {
        DomainDef def = parser.apply(xml);
        try (DomainLease lease = DomainLease.addOrFind(registry, def)) {
            DomainObject d = lease.domain;
            if (d.isActive()) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                        "domain '" + d.name + "' is already active on this host");
            }
            try {
                runner.start(d, def, LifecycleMove.MIGRATE_IN, checkpoint.toAbsolutePath());
            } catch (RuntimeException e) {
                if (!d.isPersistent()) {
                    registry.remove(d);
                }
                throw e;
            }
            return DomainDriver.ref(d);
        }
    }

    /**
     * virDomainMigrateConfirm3: {@code success} (the destination runs the guest) ends this host's
     * bhyve and VM: SHUTOFF(MIGRATED), event STOPPED migrated, a transient domain is forgotten.
     * Without success nothing changes: the engine has resumed the guest and the domain runs on.
     */
    public void confirmOutgoing(String name, boolean success) {
        try (DomainLease lease = DomainLease.byName(registry, name)) {
            DomainObject d = lease.domain;
            if (!success) {
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
}
