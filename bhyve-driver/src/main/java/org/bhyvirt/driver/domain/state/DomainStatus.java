package org.bhyvirt.driver.domain.state;

import java.util.Objects;

/**
 * A domain's state together with the reason it is in it, as {@code virDomainGetState} returns
 * them. Immutable; the reason always belongs to the state.
 */
public record DomainStatus(DomainState state, DomainStateReason reason) {

    public DomainStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if (reason.state() != state) {
            throw new IllegalArgumentException("reason " + reason + " does not belong to state " + state);
        }
    }

    /** The status a reason implies (each reason names its state). */
    public static DomainStatus of(DomainStateReason reason) {
        return new DomainStatus(reason.state(), reason);
    }

    public boolean isActive() {
        return state.isActive();
    }
}
