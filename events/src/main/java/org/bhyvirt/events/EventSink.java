package org.bhyvirt.events;

import org.bhyvirt.driver.event.LifecycleEvent;

/**
 * Where a host's events go (a Kafka adapter, or a log). {@code publish} returns at once and never
 * throws into a lifecycle call or a migration: an event that cannot leave now waits, or is dropped
 * and counted. One domain's events leave in the order they were published.
 */
public interface EventSink extends AutoCloseable {

    void publish(LifecycleEvent event);

    void publish(MigrationEvent event);

    /** What the sink did so far. */
    SinkStats stats();

    /** Delivers what it can within a few seconds, then stops. */
    @Override
    void close();
}
