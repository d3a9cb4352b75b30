package org.bhyvirt.plugin.health;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bhyvirt.events.SinkStats;
import org.bhyvirt.plugin.events.EventPublishing;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@code bhyvirt-kafka}: always UP, as a missing broker only delays events (they wait in
 * the buffer); its data says whether the broker is configured, reachable or unreachable
 * ({@code status: degraded}), how many events wait and how many were dropped.
 */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    @Inject
    EventPublishing events;

    @Override
    public HealthCheckResponse call() {
        return Responses.of("bhyvirt-kafka", result(events.settings().map(s -> s.bootstrapServers()).orElse(null),
                events.stats().orElse(null)));
    }

    /** The check's outcome for {@code servers} (null: none configured) with the sink's {@code stats}. */
    static CheckResult result(String servers, SinkStats stats) {
        Map<String, String> data = new LinkedHashMap<>();
        if (servers == null || stats == null) {
            data.put("broker", "not configured");
            data.put("status", "disabled");
            return CheckResult.up(data);
        }
        data.put("bootstrapServers", servers);
        String broker = stats.brokerReachable() ? "reachable"
                : stats.published() == 0 && stats.buffered() == 0 ? "not contacted yet" : "unreachable";
        data.put("broker", broker);
        data.put("status", broker.equals("unreachable") ? "degraded" : "ok");
        data.put("buffered", Long.toString(stats.buffered()));
        data.put("published", Long.toString(stats.published()));
        data.put("dropped", Long.toString(stats.dropped()));
        return CheckResult.up(data);
    }
}
