package org.bhyvirt.cli.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.events.MigrationEvent;
import org.bhyvirt.events.MigrationEventType;
import org.bhyvirt.events.cloud.CloudEventCodec;
import org.junit.jupiter.api.Test;

class EventLineTest {
    private static final Instant T = Instant.parse("2026-11-22T12:34:56.789Z");
    private static final UUID U = UUID.randomUUID();
    private final CloudEventCodec codec = new CloudEventCodec(URI.create("urn:bhyvirt:host:a"));

    @Test
    void aLifecycleEventShowsItsDetailAndTheStateAfterIt() {
        LifecycleEvent e = new LifecycleEvent("a", "guest", U, LifecycleEventDetail.STOPPED_MIGRATED,
                DomainStatus.of(DomainStateReason.SHUTOFF_MIGRATED), T);
        assertEquals("12:34:56.789  a            guest        stopped_migrated     -> shutoff (shutoff_migrated)",
                EventLine.of(CloudEventCodec.decode(codec.encode(e))));
    }

    @Test
    void migrationEventsShowTheirFigures() {
        MigrationEvent progress = new MigrationEvent("a", "m", "guest", U, MigrationEventType.PROGRESS, "a", "b", "LIVE",
                null, new MigrationEvent.Progress(2, 300L << 20, 12L << 20, 256L << 20, 0, 0, 900), null, null, T);
        assertEquals("12:34:56.789  a            guest        migration progress   round 2, 300.0 MiB sent, 12.0 MiB left",
                EventLine.of(CloudEventCodec.decode(codec.encode(progress))));
        MigrationEvent done = new MigrationEvent("a", "m", "guest", U, MigrationEventType.COMPLETED, "a", "b", "LIVE",
                null, null, new MigrationEvent.Result(1500, 42.25, 1, 1, 1, 1, 1, 512L << 20, 3), null, T);
        assertEquals("12:34:56.789  a            guest        migration completed  in 1500 ms, downtime 42.3 ms, "
                + "3 rounds, 512.0 MiB", EventLine.of(CloudEventCodec.decode(codec.encode(done))));
        MigrationEvent failed = new MigrationEvent("a", "m", "guest", U, MigrationEventType.FAILED, "a", "b", "LIVE",
                null, null, null, new MigrationEvent.Failure("PREPARE", "refused", 67), T);
        assertEquals("12:34:56.789  a            guest        migration failed     in PREPARE: refused (libvirt error 67)",
                EventLine.of(CloudEventCodec.decode(codec.encode(failed))));
    }
}
