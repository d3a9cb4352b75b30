package org.bhyvirt.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.event.LifecycleEventDetail;

/** Events of every kind for the tests: each lifecycle detail and each migration event type. */
public final class SampleEvents {
    public static final Instant TIME = Instant.parse("2026-11-22T12:00:00.123Z");

    private SampleEvents() {
    }

    /** One lifecycle event of domain {@code name} with {@code detail}. */
    public static LifecycleEvent lifecycle(String name, UUID uuid, LifecycleEventDetail detail) {
        return new LifecycleEvent("host-a", name, uuid, detail, DomainStatus.of(reasonAfter(detail)), TIME);
    }

    private static DomainStateReason reasonAfter(LifecycleEventDetail d) {
        return switch (d.type()) {
            case STARTED, RESUMED -> DomainStateReason.RUNNING_BOOTED;
            case SUSPENDED -> DomainStateReason.PAUSED_USER;
            case STOPPED, DEFINED, UNDEFINED, SHUTDOWN -> DomainStateReason.SHUTOFF_SHUTDOWN;
            case CRASHED -> DomainStateReason.CRASHED_PANICKED;
            case PMSUSPENDED -> DomainStateReason.PMSUSPENDED_UNKNOWN;
        };
    }

    /** Every lifecycle detail, for one domain. */
    public static List<LifecycleEvent> everyLifecycleEvent(UUID uuid) {
        List<LifecycleEvent> out = new ArrayList<>();
        for (LifecycleEventDetail d : LifecycleEventDetail.values()) {
            out.add(lifecycle("vm1", uuid, d));
        }
        return out;
    }

    /** A migration event of {@code type} with the part it carries. */
    public static MigrationEvent migration(UUID uuid, MigrationEventType type, long round) {
        return new MigrationEvent("host-a", "m-1", "vm1", uuid, type, "http://127.0.0.1:8181/bhyvirt",
                "http://127.0.0.1:8282/bhyvirt", "LIVE",
                type == MigrationEventType.STARTED ? new MigrationEvent.Options(300, 0, 2, 0, true) : null,
                type == MigrationEventType.PROGRESS || type == MigrationEventType.SWITCHOVER
                        ? new MigrationEvent.Progress(round, 100L << 20, 5L << 20, 256L << 20, 1L << 20, 900L << 20, 420)
                        : null,
                type == MigrationEventType.COMPLETED
                        ? new MigrationEvent.Result(812, 41.5, 12.25, 9.5, 8.0, 6.75, 5.0, 280L << 20, 3) : null,
                type == MigrationEventType.FAILED || type == MigrationEventType.CANCELLED
                        ? new MigrationEvent.Failure("PERFORM", "the destination refused", 67) : null,
                TIME);
    }
}
