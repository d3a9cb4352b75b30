package org.bhyvirt.plugin.events;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.events.EventSink;
import org.bhyvirt.events.SinkStats;
import org.bhyvirt.events.kafka.KafkaEventSink;
import org.bhyvirt.events.kafka.KafkaSettings;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.host.HostReady;
import org.bhyvirt.plugin.host.HostStopping;
import org.bhyvirt.plugin.migration.MigrationEvent;

/**
 * The host's events to Kafka. When the host is ready and {@code bhyvirt.kafka.bootstrap-servers}
 * is set, it opens a {@link KafkaEventSink} whose sender thread comes from Jakarta Concurrency's
 * ManagedThreadFactory; it then hands the sink every lifecycle event the driver fires (as a CDI
 * event) and, through a {@link MigrationEventBridge} per migration, every migration's events. It
 * closes the sink after every other observer of the host's stop (so the cancellations of running
 * migrations still go out). Without a broker configured it publishes nothing (the driver's events
 * are logged by the host). Publishing never blocks or fails the caller.
 */
@ApplicationScoped
public class EventPublishing {
    private static final Logger LOG = Logger.getLogger(EventPublishing.class.getName());

    @Resource
    ManagedThreadFactory threads;

    private volatile EventSink sink;
    private volatile KafkaSettings settings;
    private volatile String hostName = "";

    /** Opens the sink once the host is ready, if a broker is configured. */
    synchronized void onReady(@Observes HostReady ready) {
        if (sink != null) {
            return;
        }
        hostName = ready.config().hostName();
        Optional<KafkaSettings> kafka = ready.config().kafka();
        if (kafka.isEmpty()) {
            LOG.info("no Kafka brokers configured (bhyvirt.kafka.bootstrap-servers): events are not published");
            return;
        }
        try {
            settings = kafka.get();
            sink = new KafkaEventSink(settings, threads);
            LOG.info(() -> "publishing events to Kafka at " + settings.bootstrapServers() + " (topics "
                    + settings.lifecycleTopic() + ", " + settings.migrationTopic() + ")");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the Kafka sink did not open; events are not published", e);
        }
    }

    /** Publishes a lifecycle event of the driver. */
    void onLifecycle(@Observes LifecycleEvent event) {
        EventSink s = sink;
        if (s != null) {
            s.publish(event);
        }
    }

    /**
     * The subscriber that publishes the events of the migration of {@code domainUuid} with
     * {@code options}; empty when no broker is configured.
     */
    public Optional<Consumer<MigrationEvent>> migrationSubscriber(UUID domainUuid, MigrationOptions options) {
        EventSink s = sink;
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(new MigrationEventBridge(hostName, domainUuid, options, s::publish, Clock.systemUTC()));
    }

    /** The sink's counters, when a broker is configured. */
    public Optional<SinkStats> stats() {
        EventSink s = sink;
        return s == null ? Optional.empty() : Optional.of(s.stats());
    }

    /** The configured brokers, when any. */
    public Optional<KafkaSettings> settings() {
        return Optional.ofNullable(settings);
    }

    /** Closes the sink after the other observers of the host's stop. */
    void onStopping(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) HostStopping stopping) {
        close();
    }

    @PreDestroy
    synchronized void close() {
        EventSink s = sink;
        sink = null;
        if (s != null) {
            s.close();
            LOG.info(() -> "Kafka sink closed: " + s.stats());
        }
    }
}
