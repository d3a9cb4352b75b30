package org.bhyvirt.driver.domain;

import java.time.Clock;

import org.bhyvirt.driver.event.EventPublisher;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.event.LifecycleEventDetail;

/**
 * Builds lifecycle events from a domain's current status and hands them to the publisher. Called
 * with the domain's lock held, so one domain's events reach the publisher in the order they
 * happened. A publisher that throws does not fail the lifecycle call.
 */
final class EventEmitter {

    private static final System.Logger LOG = System.getLogger(EventEmitter.class.getName());

    private final String host;
    private final EventPublisher publisher;
    private final Clock clock;

    EventEmitter(String host, EventPublisher publisher, Clock clock) {
        this.host = host;
        this.publisher = publisher;
        this.clock = clock;
    }

    void emit(DomainObject d, LifecycleEventDetail detail) {
        LifecycleEvent e = new LifecycleEvent(host, d.name, d.uuid, detail, d.status(), clock.instant());
        try {
            publisher.publish(e);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "event publisher failed for " + e + ": " + ex);
        }
    }
}
