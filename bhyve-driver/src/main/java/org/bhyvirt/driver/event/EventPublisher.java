package org.bhyvirt.driver.event;

/**
 * The port through which the driver announces lifecycle events. Implementations must not block
 * the caller for long and must never throw into the lifecycle call: an event that cannot be
 * delivered is the publisher's problem, not the guest's. Events of one domain are published in the
 * order they happened.
 */
@FunctionalInterface
public interface EventPublisher {

    void publish(LifecycleEvent event);
}
