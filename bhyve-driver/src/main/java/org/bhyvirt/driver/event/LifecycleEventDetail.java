package org.bhyvirt.driver.event;

/**
 * libvirt's per-type event details ({@code virDomainEventDefinedDetailType},
 * {@code virDomainEventStartedDetailType}, ...) in one enum: every constant names its event type
 * and carries libvirt's numeric value within that type's enum, so a detail can never be sent with
 * the wrong type.
 */
public enum LifecycleEventDetail {
    DEFINED_ADDED(LifecycleEventType.DEFINED, 0),
    DEFINED_UPDATED(LifecycleEventType.DEFINED, 1),
    DEFINED_RENAMED(LifecycleEventType.DEFINED, 2),
    DEFINED_FROM_SNAPSHOT(LifecycleEventType.DEFINED, 3),

    UNDEFINED_REMOVED(LifecycleEventType.UNDEFINED, 0),
    UNDEFINED_RENAMED(LifecycleEventType.UNDEFINED, 1),

    STARTED_BOOTED(LifecycleEventType.STARTED, 0),
    STARTED_MIGRATED(LifecycleEventType.STARTED, 1),
    STARTED_RESTORED(LifecycleEventType.STARTED, 2),
    STARTED_FROM_SNAPSHOT(LifecycleEventType.STARTED, 3),
    STARTED_WAKEUP(LifecycleEventType.STARTED, 4),

    SUSPENDED_PAUSED(LifecycleEventType.SUSPENDED, 0),
    SUSPENDED_MIGRATED(LifecycleEventType.SUSPENDED, 1),
    SUSPENDED_IOERROR(LifecycleEventType.SUSPENDED, 2),
    SUSPENDED_WATCHDOG(LifecycleEventType.SUSPENDED, 3),
    SUSPENDED_RESTORED(LifecycleEventType.SUSPENDED, 4),
    SUSPENDED_FROM_SNAPSHOT(LifecycleEventType.SUSPENDED, 5),
    SUSPENDED_API_ERROR(LifecycleEventType.SUSPENDED, 6),
    SUSPENDED_POSTCOPY(LifecycleEventType.SUSPENDED, 7),
    SUSPENDED_POSTCOPY_FAILED(LifecycleEventType.SUSPENDED, 8),

    RESUMED_UNPAUSED(LifecycleEventType.RESUMED, 0),
    RESUMED_MIGRATED(LifecycleEventType.RESUMED, 1),
    RESUMED_FROM_SNAPSHOT(LifecycleEventType.RESUMED, 2),
    RESUMED_POSTCOPY(LifecycleEventType.RESUMED, 3),
    RESUMED_POSTCOPY_FAILED(LifecycleEventType.RESUMED, 4),

    STOPPED_SHUTDOWN(LifecycleEventType.STOPPED, 0),
    STOPPED_DESTROYED(LifecycleEventType.STOPPED, 1),
    STOPPED_CRASHED(LifecycleEventType.STOPPED, 2),
    STOPPED_MIGRATED(LifecycleEventType.STOPPED, 3),
    STOPPED_SAVED(LifecycleEventType.STOPPED, 4),
    STOPPED_FAILED(LifecycleEventType.STOPPED, 5),
    STOPPED_FROM_SNAPSHOT(LifecycleEventType.STOPPED, 6),

    SHUTDOWN_FINISHED(LifecycleEventType.SHUTDOWN, 0),
    SHUTDOWN_GUEST(LifecycleEventType.SHUTDOWN, 1),
    SHUTDOWN_HOST(LifecycleEventType.SHUTDOWN, 2),

    PMSUSPENDED_MEMORY(LifecycleEventType.PMSUSPENDED, 0),
    PMSUSPENDED_DISK(LifecycleEventType.PMSUSPENDED, 1),

    CRASHED_PANICKED(LifecycleEventType.CRASHED, 0),
    CRASHED_CRASHLOADED(LifecycleEventType.CRASHED, 1);

    private final LifecycleEventType type;
    private final int code;

    LifecycleEventDetail(LifecycleEventType type, int code) {
        this.type = type;
        this.code = code;
    }

    /** The event type this detail belongs to. */
    public LifecycleEventType type() {
        return type;
    }

    /** libvirt's numeric value of the detail within its type's enum. */
    public int code() {
        return code;
    }
}
