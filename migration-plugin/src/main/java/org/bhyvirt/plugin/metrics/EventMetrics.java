package org.bhyvirt.plugin.metrics;

import java.util.function.ToLongFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bhyvirt.events.SinkStats;
import org.bhyvirt.plugin.events.EventPublishing;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Gauges of the events sent to Kafka: {@code bhyvirt_events_published}, {@code bhyvirt_events_buffered}
 * and {@code bhyvirt_events_dropped{kind=progress|migration|lifecycle}}, read from the sink at each
 * scrape (all 0 without a broker configured).
 */
@ApplicationScoped
public class EventMetrics {

    @Inject
    MetricRegistry registry;
    @Inject
    EventPublishing events;

    private boolean registered;

    synchronized void register(@Observes @Initialized(ApplicationScoped.class) Object application) {
        if (registered) {
            return;
        }
        gauge("bhyvirt.events.published", "events the Kafka broker acknowledged", SinkStats::published, null);
        gauge("bhyvirt.events.buffered", "events waiting for the Kafka broker", SinkStats::buffered, null);
        gauge("bhyvirt.events.dropped", "events dropped because the buffer was full", SinkStats::droppedProgress,
                new Tag("kind", "progress"));
        gauge("bhyvirt.events.dropped", "events dropped because the buffer was full", SinkStats::droppedOther,
                new Tag("kind", "migration"));
        gauge("bhyvirt.events.dropped", "events dropped because the buffer was full", SinkStats::droppedLifecycle,
                new Tag("kind", "lifecycle"));
        registered = true;
    }

    private void gauge(String name, String description, ToLongFunction<SinkStats> value, Tag tag) {
        Metadata m = Metadata.builder().withName(name).withDescription(description).build();
        if (tag == null) {
            registry.gauge(m, () -> events.stats().map(value::applyAsLong).orElse(0L));
        } else {
            registry.gauge(m, () -> events.stats().map(value::applyAsLong).orElse(0L), tag);
        }
    }
}
