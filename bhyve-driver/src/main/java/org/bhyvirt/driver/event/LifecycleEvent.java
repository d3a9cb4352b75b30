package org.bhyvirt.driver.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.bhyvirt.driver.domain.state.DomainStatus;

/**
 * One libvirt lifecycle event of one domain: which host, which domain (name and UUID), the
 * event type and detail with libvirt's numbers, the domain's status right after the event, and
 * when it happened. Immutable; the detail always belongs to the type.
 */
public record LifecycleEvent(String host, String domainName, UUID domainUuid,
                             LifecycleEventDetail detail, DomainStatus statusAfter, Instant timestamp) {

    public LifecycleEvent {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(domainUuid, "domainUuid");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(statusAfter, "statusAfter");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** The event type (derived from the detail, so they can never disagree). */
    public LifecycleEventType type() {
        return detail.type();
    }
}
