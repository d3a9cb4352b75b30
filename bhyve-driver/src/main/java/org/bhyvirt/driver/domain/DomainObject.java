package org.bhyvirt.driver.domain;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.domain.store.RuntimeStatus;
import org.bhyvirt.driver.host.GuestProcess;

/**
 * One domain of the host, libvirt's virDomainObj: its definitions (persistent, live), status,
 * current guest process and what the driver asked of it. Name and UUID never change. Every field
 * is written only under {@link #lock}: one operation at a time per domain. The status only changes
 * through {@link #move}, a compare-and-set on the state machine table.
 *
 * <p>The volatile fields are also read without the lock by the read-only queries (lookups, state,
 * info, list), so that they answer at once while a long operation (a start, a save, later a
 * migration) holds the lock, as libvirt's do while a job runs. Such a reader sees each field's
 * latest value; a run's fields are set before the move that makes the domain active and cleared
 * after the move that ends it, so a reader that sees an active status finds them set unless the
 * run is ending at that moment.
 */
final class DomainObject {

    final String name;
    final UUID uuid;
    final ReentrantLock lock = new ReentrantLock();

    private volatile DomainStatus status = DomainStatus.of(DomainStateReason.SHUTOFF_UNKNOWN);

    /** The persistent definition; null for a transient domain. */
    volatile DomainDef persistentDef;
    /** The definition the guest runs with; null while inactive. */
    volatile DomainDef liveDef;
    /** The running bhyve; null while inactive. */
    volatile GuestProcess process;
    /** What was recorded for the running guest; null while inactive. */
    volatile RuntimeStatus runtime;
    /** The taps of the running guest, as bridge/tap. */
    List<String> taps = List.of();
    StopRequest stopRequest = StopRequest.NONE;
    /** The long operation holding the domain between calls (a migration); null when none. */
    volatile DomainJob job;
    /** Set once the domain left the registry; a caller that locked it late must look up again. */
    volatile boolean removed;
    /** Completes when the current run ends (replaced at every start). */
    CompletableFuture<Void> runEnded = CompletableFuture.completedFuture(null);

    DomainObject(String name, UUID uuid) {
        this.name = Objects.requireNonNull(name, "name");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
    }

    DomainStatus status() {
        return status;
    }

    DomainState state() {
        return status.state();
    }

    boolean isActive() {
        return status.isActive();
    }

    boolean isPersistent() {
        return persistentDef != null;
    }

    /**
     * The definition to show when no live one is asked for or none exists; null only for a
     * transient domain whose run has just ended (it is leaving the registry).
     */
    DomainDef currentDef() {
        DomainDef live = liveDef;
        return live != null ? live : persistentDef;
    }

    /** The definition of the next boot. */
    DomainDef nextBootDef() {
        return persistentDef != null ? persistentDef : liveDef;
    }

    /**
     * Applies {@code move}: compare-and-set of the status from a state the move allows. Returns the
     * new status; fails with IllegalStateException (a driver bug, never user input) otherwise.
     */
    DomainStatus move(LifecycleMove move) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("domain '" + name + "' moved without its lock");
        }
        DomainStatus from = status;
        if (!move.allowedFrom(from.state())) {
            throw new IllegalStateException("domain '" + name + "' cannot " + move + " from " + from.state());
        }
        status = DomainStatus.of(move.to());
        return status;
    }

    /** Sets the status without a move: only for re-adoption at driver start. */
    void restoreStatus(DomainStatus s) {
        status = s;
    }
}
