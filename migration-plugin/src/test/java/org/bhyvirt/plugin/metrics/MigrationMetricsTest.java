package org.bhyvirt.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.managed.Downtime;
import org.bhyvirt.migration.managed.GuestLocation;
import org.bhyvirt.migration.managed.MigrationOutcome;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

class MigrationMetricsTest {

    /** name{tags} -> the counter's sum, or a histogram's recorded values. */
    private final Map<String, List<Long>> recorded = new ConcurrentHashMap<>();
    private final MigrationMetrics metrics = new MigrationMetrics();

    MigrationMetricsTest() {
        metrics.registry = (MetricRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MetricRegistry.class}, (proxy, method, args) -> {
                    String name = args[0] instanceof Metadata m ? m.getName() : (String) args[0];
                    String key = name + Arrays.stream((Tag[]) args[1]).map(t -> t.getTagName() + "=" + t.getTagValue())
                            .collect(Collectors.joining(",", "{", "}"));
                    List<Long> values = recorded.computeIfAbsent(key, k -> new ArrayList<>());
                    return switch (method.getName()) {
                        case "counter" -> Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Counter.class},
                                (c, m, a) -> {
                                    values.add(a == null ? 1L : (Long) a[0]);
                                    return null;
                                });
                        case "histogram" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {Histogram.class}, (c, m, a) -> {
                                    values.add(((Number) a[0]).longValue());
                                    return null;
                                });
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    private static MigrationProgress progress(long bytes, long rounds) {
        return new MigrationProgress(1000, bytes, bytes, 0, bytes, bytes, 0, 0, rounds, 1 << 20, 0, bytes / 4096, 4096,
                0, 0, 25, 10, MigrationProgress.Durations.NONE);
    }

    private long sum(String key) {
        return recorded.getOrDefault(key, List.of()).stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void aCompletedMigrationCountsItsBytesDowntimeAndRounds() {
        metrics.started(MigrationKind.LIVE);
        Downtime downtime = new Downtime(Duration.ofMillis(10), Duration.ofMillis(5), Duration.ofMillis(3),
                Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(25));
        metrics.ended(MigrationKind.LIVE, new MigrationOutcome("vm1", GuestLocation.DESTINATION,
                progress(1 << 30, 4), Optional.of(downtime), Optional.empty()));
        assertEquals(1, sum("bhyvirt.migrations.started{kind=live}"));
        assertEquals(1, sum("bhyvirt.migrations.completed{kind=live}"));
        assertEquals(1L << 30, sum("bhyvirt.migration.bytes.sent{kind=live}"));
        assertEquals(List.of(25L), recorded.get("bhyvirt.migration.downtime{kind=live}"));
        assertEquals(List.of(4L), recorded.get("bhyvirt.migration.rounds{kind=live}"));
        assertNull(recorded.get("bhyvirt.migrations.failed{kind=live}"));
    }

    @Test
    void aFailedAndACancelledMigrationAreCountedApartWithoutDowntime() {
        metrics.ended(MigrationKind.WARM, new MigrationOutcome("vm1", GuestLocation.SOURCE, progress(4096, 1),
                Optional.empty(), Optional.of(new MigrationException(MigrationException.Code.WRITE_FAILED,
                        MigrationPhase.PERFORM, "round 1", "connection reset"))));
        metrics.ended(MigrationKind.WARM, new MigrationOutcome("vm1", GuestLocation.SOURCE, null,
                Optional.empty(), Optional.of(new MigrationException(MigrationException.Code.OPERATION_ABORTED,
                        MigrationPhase.PERFORM, "round 1", "cancelled"))));
        assertEquals(1, sum("bhyvirt.migrations.failed{kind=warm}"));
        assertEquals(1, sum("bhyvirt.migrations.cancelled{kind=warm}"));
        assertEquals(4096, sum("bhyvirt.migration.bytes.sent{kind=warm}"));
        assertNull(recorded.get("bhyvirt.migration.downtime{kind=warm}"));
        assertNull(recorded.get("bhyvirt.migrations.completed{kind=warm}"));
    }
}
