package org.bhyvirt.driver.domain.state;

/**
 * libvirt's per-state reasons ({@code virDomainRunningReason}, {@code virDomainPausedReason},
 * {@code virDomainShutoffReason}, ...) in one enum: every constant names the state it belongs to
 * and carries libvirt's numeric value within that state's enum, so a reason can never be paired
 * with the wrong state.
 */
public enum DomainStateReason {
    NOSTATE_UNKNOWN(DomainState.NOSTATE, 0),

    RUNNING_UNKNOWN(DomainState.RUNNING, 0),
    RUNNING_BOOTED(DomainState.RUNNING, 1),
    RUNNING_MIGRATED(DomainState.RUNNING, 2),
    RUNNING_RESTORED(DomainState.RUNNING, 3),
    RUNNING_FROM_SNAPSHOT(DomainState.RUNNING, 4),
    RUNNING_UNPAUSED(DomainState.RUNNING, 5),
    RUNNING_MIGRATION_CANCELED(DomainState.RUNNING, 6),
    RUNNING_SAVE_CANCELED(DomainState.RUNNING, 7),
    RUNNING_WAKEUP(DomainState.RUNNING, 8),
    RUNNING_CRASHED(DomainState.RUNNING, 9),
    RUNNING_POSTCOPY(DomainState.RUNNING, 10),
    RUNNING_POSTCOPY_FAILED(DomainState.RUNNING, 11),

    BLOCKED_UNKNOWN(DomainState.BLOCKED, 0),

    PAUSED_UNKNOWN(DomainState.PAUSED, 0),
    PAUSED_USER(DomainState.PAUSED, 1),
    PAUSED_MIGRATION(DomainState.PAUSED, 2),
    PAUSED_SAVE(DomainState.PAUSED, 3),
    PAUSED_DUMP(DomainState.PAUSED, 4),
    PAUSED_IOERROR(DomainState.PAUSED, 5),
    PAUSED_WATCHDOG(DomainState.PAUSED, 6),
    PAUSED_FROM_SNAPSHOT(DomainState.PAUSED, 7),
    PAUSED_SHUTTING_DOWN(DomainState.PAUSED, 8),
    PAUSED_SNAPSHOT(DomainState.PAUSED, 9),
    PAUSED_CRASHED(DomainState.PAUSED, 10),
    PAUSED_STARTING_UP(DomainState.PAUSED, 11),
    PAUSED_POSTCOPY(DomainState.PAUSED, 12),
    PAUSED_POSTCOPY_FAILED(DomainState.PAUSED, 13),
    PAUSED_API_ERROR(DomainState.PAUSED, 14),

    SHUTDOWN_UNKNOWN(DomainState.SHUTDOWN, 0),
    SHUTDOWN_USER(DomainState.SHUTDOWN, 1),

    SHUTOFF_UNKNOWN(DomainState.SHUTOFF, 0),
    SHUTOFF_SHUTDOWN(DomainState.SHUTOFF, 1),
    SHUTOFF_DESTROYED(DomainState.SHUTOFF, 2),
    SHUTOFF_CRASHED(DomainState.SHUTOFF, 3),
    SHUTOFF_MIGRATED(DomainState.SHUTOFF, 4),
    SHUTOFF_SAVED(DomainState.SHUTOFF, 5),
    SHUTOFF_FAILED(DomainState.SHUTOFF, 6),
    SHUTOFF_FROM_SNAPSHOT(DomainState.SHUTOFF, 7),
    SHUTOFF_DAEMON(DomainState.SHUTOFF, 8),

    CRASHED_UNKNOWN(DomainState.CRASHED, 0),
    CRASHED_PANICKED(DomainState.CRASHED, 1),

    PMSUSPENDED_UNKNOWN(DomainState.PMSUSPENDED, 0);

    private final DomainState state;
    private final int code;

    DomainStateReason(DomainState state, int code) {
        this.state = state;
        this.code = code;
    }

    /** The state this reason belongs to. */
    public DomainState state() {
        return state;
    }

    /** libvirt's numeric value of the reason within its state's enum. */
    public int code() {
        return code;
    }
}
