package org.bhyvirt.driver.event;

/**
 * libvirt's {@code virDomainEventType}: the kind of a lifecycle event. Numbers are libvirt's wire
 * values and never change.
 */
public enum LifecycleEventType {
    DEFINED(0),
    UNDEFINED(1),
    STARTED(2),
    SUSPENDED(3),
    RESUMED(4),
    STOPPED(5),
    SHUTDOWN(6),
    PMSUSPENDED(7),
    CRASHED(8);

    private final int code;

    LifecycleEventType(int code) {
        this.code = code;
    }

    /** libvirt's wire value. */
    public int code() {
        return code;
    }
}
