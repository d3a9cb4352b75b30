package org.bhyvirt.plugin.host;

import java.util.Objects;

/**
 * Where the host is in its life and, unless it serves, why not. Immutable; {@link Phase#READY}
 * is the only phase in which the driver can be used.
 */
public record HostStatus(Phase phase, String detail) {

    /** The host's phases, in the order they happen; FAILED replaces READY when the start failed. */
    public enum Phase { STARTING, READY, FAILED, STOPPED }

    public HostStatus {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean isReady() {
        return phase == Phase.READY;
    }
}
