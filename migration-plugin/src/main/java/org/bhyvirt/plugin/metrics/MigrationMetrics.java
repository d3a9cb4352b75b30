package org.bhyvirt.plugin.metrics;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bhyvirt.migration.managed.MigrationOutcome;
import org.bhyvirt.migration.options.MigrationKind;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The migration metrics, fed by the migration service: counters of migrations started, completed,
 * failed and cancelled (tagged with the kind), bytes sent, and histograms of the downtime (ms) and
 * of the rounds of completed migrations. Call {@link #started} when a migration begins and
 * {@link #ended} exactly once when it ends.
 */
@ApplicationScoped
public class MigrationMetrics {

    static final String STARTED = "bhyvirt.migrations.started";
    static final String COMPLETED = "bhyvirt.migrations.completed";
    static final String FAILED = "bhyvirt.migrations.failed";
    static final String CANCELLED = "bhyvirt.migrations.cancelled";
    static final String BYTES = "bhyvirt.migration.bytes.sent";
    static final String DOWNTIME = "bhyvirt.migration.downtime";
    static final String ROUNDS = "bhyvirt.migration.rounds";

    @Inject
    MetricRegistry registry;

    /** Counts a migration of {@code kind} that begins. */
    public void started(MigrationKind kind) {
        registry.counter(STARTED, tag(kind)).inc();
    }

    /** Counts how a migration of {@code kind} ended, with the bytes it sent, and its downtime and rounds if it completed. */
    public void ended(MigrationKind kind, MigrationOutcome outcome) {
        String which = outcome.completed() ? COMPLETED : outcome.cancelled() ? CANCELLED : FAILED;
        registry.counter(which, tag(kind)).inc();
        if (outcome.progress() != null) {
            registry.counter(Metadata.builder().withName(BYTES).withUnit(MetricUnits.BYTES)
                    .withDescription("bytes sent by migrations from this host").build(), tag(kind))
                    .inc(outcome.progress().dataProcessed());
        }
        if (outcome.completed()) {
            outcome.downtime().ifPresent(d -> registry.histogram(Metadata.builder().withName(DOWNTIME)
                    .withUnit(MetricUnits.MILLISECONDS).withDescription("downtime of completed migrations").build(),
                    tag(kind)).update(d.total().toMillis()));
            if (outcome.progress() != null) {
                registry.histogram(Metadata.builder().withName(ROUNDS)
                        .withDescription("pre-copy rounds of completed migrations").build(), tag(kind))
                        .update(outcome.progress().memIteration());
            }
        }
    }

    private static Tag tag(MigrationKind kind) {
        return new Tag("kind", kind.name().toLowerCase(Locale.ROOT));
    }
}
