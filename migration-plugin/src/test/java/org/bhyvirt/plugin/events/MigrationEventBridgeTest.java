package org.bhyvirt.plugin.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.bhyvirt.events.MigrationEventType;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.migration.ErrorView;
import org.bhyvirt.plugin.migration.MigrationEvent;
import org.bhyvirt.plugin.migration.MigrationStatus;
import org.bhyvirt.plugin.migration.MigrationView;
import org.bhyvirt.plugin.migration.ProgressView;
import org.bhyvirt.plugin.migration.ResultView;
import org.junit.jupiter.api.Test;

class MigrationEventBridgeTest {
    private static final UUID UUID_1 = UUID.fromString("6a0e8a52-1f51-4b6e-9f0a-4d1b2f8c1e01");
    private static final Instant T = Instant.parse("2026-11-22T12:00:00Z");

    private final List<org.bhyvirt.events.MigrationEvent> out = new ArrayList<>();
    private final MigrationEventBridge bridge = new MigrationEventBridge("host-a", UUID_1,
            MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(64L << 20).withParallelChannels(2)
                    .withTimeout(Duration.ofSeconds(120)),
            out::add, Clock.fixed(T, ZoneOffset.UTC));

    private static MigrationView view(String phase, MigrationStatus status, ProgressView p, ResultView r, ErrorView e) {
        return new MigrationView("m-1", "vm1", "host-a", "http://b:8181/bhyvirt", "LIVE", phase, status, p, r, e, T,
                status.terminal() ? T : null);
    }

    private static ProgressView round(long n) {
        return new ProgressView(n, n << 20, 1L << 20, 256L << 20, 4096, 100L << 20, 100 * n);
    }

    private List<MigrationEventType> types() {
        return out.stream().map(org.bhyvirt.events.MigrationEvent::type).toList();
    }

    @Test
    void aCompletedMigrationIsStartedProgressSwitchoverCompleted() {
        bridge.accept(new MigrationEvent(MigrationEvent.PHASE, view("BEGIN", MigrationStatus.RUNNING, null, null, null)));
        bridge.accept(new MigrationEvent(MigrationEvent.PHASE, view("PERFORM", MigrationStatus.RUNNING, null, null, null)));
        bridge.accept(new MigrationEvent(MigrationEvent.PROGRESS, view("PERFORM", MigrationStatus.RUNNING, round(0), null, null)));
        bridge.accept(new MigrationEvent(MigrationEvent.PROGRESS, view("PERFORM", MigrationStatus.RUNNING, round(1), null, null)));
        bridge.accept(new MigrationEvent(MigrationEvent.PHASE, view("FINISH", MigrationStatus.RUNNING, round(1), null, null)));
        bridge.accept(new MigrationEvent(MigrationEvent.PROGRESS, view("FINISH", MigrationStatus.RUNNING, round(2), null, null)));
        bridge.accept(new MigrationEvent(MigrationEvent.PHASE, view("CONFIRM", MigrationStatus.RUNNING, round(1), null, null)));
        ResultView r = new ResultView(812, 41.5, new ResultView.Breakdown(12.25, 9.5, 8.0, 6.75, 5.0), 280L << 20, 2);
        bridge.accept(new MigrationEvent("completed", view("CONFIRM", MigrationStatus.COMPLETED, round(1), r, null)));
        bridge.accept(new MigrationEvent(MigrationEvent.PROGRESS, view("CONFIRM", MigrationStatus.COMPLETED, round(2), r, null)));

        assertEquals(List.of(MigrationEventType.STARTED, MigrationEventType.PROGRESS, MigrationEventType.PROGRESS,
                MigrationEventType.SWITCHOVER, MigrationEventType.COMPLETED), types(),
                "no progress after the switch-over, nothing after the end");
        org.bhyvirt.events.MigrationEvent started = out.get(0);
        assertEquals(new org.bhyvirt.events.MigrationEvent.Options(300, 64, 2, 120, true), started.options());
        assertEquals(UUID_1, started.domainUuid());
        assertEquals("host-a", started.host());
        assertEquals(T, started.timestamp());
        assertEquals(1, out.get(2).progress().round());
        assertEquals(41.5, out.get(4).result().downtimeMs());
        assertEquals(6.75, out.get(4).result().resumeMs());
    }

    @Test
    void aFailedAndACancelledMigrationCarryThePhaseReasonAndLibvirtNumber() {
        bridge.accept(new MigrationEvent("failed", view("PREPARE", MigrationStatus.FAILED, null, null,
                new ErrorView(67, "CONFIG_UNSUPPORTED", "guest vm1 is not the machine host-b builds", "PREPARE"))));
        assertEquals(List.of(MigrationEventType.STARTED, MigrationEventType.FAILED), types());
        assertEquals(new org.bhyvirt.events.MigrationEvent.Failure("PREPARE",
                "guest vm1 is not the machine host-b builds", 67), out.get(1).failure());

        out.clear();
        MigrationEventBridge other = new MigrationEventBridge("host-a", UUID_1,
                MigrationOptions.defaults(MigrationKind.COLD), out::add, Clock.fixed(T, ZoneOffset.UTC));
        other.accept(new MigrationEvent(MigrationEvent.PHASE, view("PERFORM", MigrationStatus.RUNNING, null, null, null)));
        other.accept(new MigrationEvent("cancelled", view("PERFORM", MigrationStatus.CANCELLED, null, null,
                new ErrorView(78, "OPERATION_ABORTED", "the migration was cancelled", "PERFORM"))));
        assertEquals(List.of(MigrationEventType.STARTED, MigrationEventType.CANCELLED), types());
        assertEquals(78, out.get(1).failure().libvirtError());
    }
}
