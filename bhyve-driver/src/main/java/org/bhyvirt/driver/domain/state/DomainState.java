package org.bhyvirt.driver.domain.state;

/**
 * libvirt's {@code virDomainState}: the coarse state of a domain. The numbers are libvirt's wire
 * values and never change.
 */
public enum DomainState {
    NOSTATE(0),
    RUNNING(1),
    BLOCKED(2),
    PAUSED(3),
    SHUTDOWN(4),
    SHUTOFF(5),
    CRASHED(6),
    PMSUSPENDED(7);

    private final int code;

    DomainState(int code) {
        this.code = code;
    }

    /** libvirt's wire value. */
    public int code() {
        return code;
    }

    /** Whether a domain in this state has a guest process (libvirt's virDomainObjIsActive). */
    public boolean isActive() {
        return this != SHUTOFF && this != CRASHED && this != NOSTATE;
    }
}
