package org.bhyvirt.driver.domain.lifecycle;

import java.util.EnumSet;
import java.util.Set;

import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.event.LifecycleEventDetail;

/**
 * The domain lifecycle state machine as data: every move a domain can make, the states it may
 * start from, the state and reason it ends in, and the lifecycle event it emits. Nothing else
 * changes a domain's state, so this table is the whole state machine.
 *
 * <p>Exit mapping of a bhyve process (decided in {@code ExitMapping}, after libvirt's
 * bhyveMonitorIO; where it differs from libvirt is said there): exit 0 or
 * a driver reboot is {@link #REBOOT_STOP} then {@link #BOOT}; exit 1 (poweroff) and 2 (halt) are
 * {@link #POWER_OFF}; exit 3 (triple fault) and death by a signal the driver did not send are
 * {@link #CRASH} (SHUTOFF/CRASHED, event STOPPED/CRASHED, so the domain can be started again as
 * libvirt's bhyve driver allows); exit 4 and higher (bhyve error) is {@link #FAIL}
 * (SHUTOFF/UNKNOWN as libvirt's Stop(UNKNOWN), event STOPPED/FAILED).
 */
public enum LifecycleMove {
    /** A fresh boot of an inactive domain (start, create, or the second half of a reboot). */
    BOOT(inactive(), DomainStateReason.RUNNING_BOOTED, LifecycleEventDetail.STARTED_BOOTED),
    /** Start from a saved checkpoint (restore, or start with a managed save image). */
    RESTORE(inactive(), DomainStateReason.RUNNING_RESTORED, LifecycleEventDetail.STARTED_RESTORED),
    /** suspend: SIGSTOP to bhyve. */
    PAUSE(EnumSet.of(DomainState.RUNNING), DomainStateReason.PAUSED_USER, LifecycleEventDetail.SUSPENDED_PAUSED),
    /** resume: SIGCONT to bhyve. */
    UNPAUSE(EnumSet.of(DomainState.PAUSED), DomainStateReason.RUNNING_UNPAUSED, LifecycleEventDetail.RESUMED_UNPAUSED),
    /** The guest powered off or halted (bhyve exit 1 or 2). */
    POWER_OFF(active(), DomainStateReason.SHUTOFF_SHUTDOWN, LifecycleEventDetail.STOPPED_SHUTDOWN),
    /** The guest rebooted: its bhyve is gone and will be started again at once by {@link #BOOT}. */
    REBOOT_STOP(active(), DomainStateReason.SHUTOFF_SHUTDOWN, LifecycleEventDetail.STOPPED_SHUTDOWN),
    /** destroy: the driver killed bhyve. */
    DESTROY(active(), DomainStateReason.SHUTOFF_DESTROYED, LifecycleEventDetail.STOPPED_DESTROYED),
    /** save / managed save: the guest's state went to a checkpoint and bhyve exited. */
    SAVE(active(), DomainStateReason.SHUTOFF_SAVED, LifecycleEventDetail.STOPPED_SAVED),
    /** Triple fault (bhyve exit 3) or bhyve killed by a signal nobody in the driver sent. */
    CRASH(active(), DomainStateReason.SHUTOFF_CRASHED, LifecycleEventDetail.STOPPED_CRASHED),
    /** bhyve exited with an error (exit 4 or more); libvirt cannot tell why: UNKNOWN. */
    FAIL(active(), DomainStateReason.SHUTOFF_UNKNOWN, LifecycleEventDetail.STOPPED_FAILED),
    /**
     * The driver, reconnecting at start, found a guest it cannot keep (its bhyve runs but the VM is
     * gone) and killed it: libvirt's SHUTOFF/DAEMON.
     */
    DAEMON_STOP(active(), DomainStateReason.SHUTOFF_DAEMON, LifecycleEventDetail.STOPPED_FAILED),
    /** The guest arrived by migration and runs here ({@code bhyve -r} from memory already in place). */
    MIGRATE_IN(inactive(), DomainStateReason.RUNNING_MIGRATED, LifecycleEventDetail.STARTED_MIGRATED),
    /**
     * Destination prepare: bhyve started from a checkpoint whose state has not arrived yet, waiting
     * paused (libvirt's qemu driver: PAUSED/MIGRATION with event STARTED migrated at prepare).
     */
    MIGRATE_PREPARE(inactive(), DomainStateReason.PAUSED_MIGRATION, LifecycleEventDetail.STARTED_MIGRATED),
    /** Destination finish: the waiting guest got its state and runs (RESUMED migrated). */
    MIGRATE_FINISH(EnumSet.of(DomainState.PAUSED), DomainStateReason.RUNNING_MIGRATED,
            LifecycleEventDetail.RESUMED_MIGRATED),
    /**
     * Source switch-over: the engine paused the guest for the final round, or (cold migration)
     * bhyve checkpointed it to files and exited, the domain waiting without a bhyve (SUSPENDED
     * migrated; libvirt's PAUSED(MIGRATION), "paused for offline migration").
     */
    MIGRATE_SWITCH_OVER(EnumSet.of(DomainState.RUNNING), DomainStateReason.PAUSED_MIGRATION,
            LifecycleEventDetail.SUSPENDED_MIGRATED),
    /**
     * Source, migration failed after switch-over: the guest runs here again (libvirt's
     * qemuMigrationSrcRestoreDomainState: RUNNING/MIGRATION_CANCELED, event RESUMED migrated).
     */
    MIGRATE_CANCEL(EnumSet.of(DomainState.PAUSED), DomainStateReason.RUNNING_MIGRATION_CANCELED,
            LifecycleEventDetail.RESUMED_MIGRATED),
    /** Destination gave up an incoming migration: its waiting bhyve is ended (SHUTOFF/FAILED). */
    MIGRATE_IN_FAILED(active(), DomainStateReason.SHUTOFF_FAILED, LifecycleEventDetail.STOPPED_FAILED),
    /** The guest left by migration: the destination runs it, this host's VM is ended. */
    MIGRATE_OUT(active(), DomainStateReason.SHUTOFF_MIGRATED, LifecycleEventDetail.STOPPED_MIGRATED),
    /** A start that failed after the domain was marked running (loader or bhyve failed early). */
    START_FAILED(active(), DomainStateReason.SHUTOFF_FAILED, LifecycleEventDetail.STOPPED_FAILED);

    private final Set<DomainState> from;
    private final DomainStateReason to;
    private final LifecycleEventDetail event;

    LifecycleMove(Set<DomainState> from, DomainStateReason to, LifecycleEventDetail event) {
        this.from = from;
        this.to = to;
        this.event = event;
    }

    /** The states this move may start from. */
    public Set<DomainState> from() {
        return EnumSet.copyOf(from);
    }

    /** The reason (and so the state) the domain is in after the move. */
    public DomainStateReason to() {
        return to;
    }

    /** The event emitted after the move. */
    public LifecycleEventDetail event() {
        return event;
    }

    /** Whether the move goes between two active states (pause, resume, a migration's pause and resume). */
    public boolean betweenActiveStates() {
        return to.state().isActive() && from.stream().allMatch(DomainState::isActive);
    }

    /** Whether the move may start from the given state. */
    public boolean allowedFrom(DomainState state) {
        return from.contains(state);
    }

    private static Set<DomainState> inactive() {
        return EnumSet.of(DomainState.SHUTOFF, DomainState.CRASHED, DomainState.NOSTATE);
    }

    private static Set<DomainState> active() {
        return EnumSet.of(DomainState.RUNNING, DomainState.PAUSED, DomainState.BLOCKED, DomainState.SHUTDOWN,
                DomainState.PMSUSPENDED);
    }
}
