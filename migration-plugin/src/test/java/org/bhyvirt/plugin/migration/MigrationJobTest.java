package org.bhyvirt.plugin.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;
import org.junit.jupiter.api.Test;

/**
 * {@link MigrationJob}'s events: subscribers see phase and progress in order and exactly one final
 * event; a late subscriber first gets the current snapshot; one that joins after the end gets the
 * final event at once; one that throws is dropped without harming the others.
 */
class MigrationJobTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:00:00Z"), ZoneOffset.UTC);

    private static MigrationJob job() {
        return new MigrationJob("id-1", "guest", "host-a", "http://127.0.0.1:8181/bhyvirt",
                MigrationOptions.defaults(MigrationKind.LIVE), CLOCK);
    }

    private static MigrationProgress progress(long round) {
        return new MigrationProgress(100, 1000, 400, 600, 1000, 400, 600, 10, round, 4096, 0, 100, 4096, 0, 30, -1,
                5, MigrationProgress.Durations.NONE);
    }

    private static List<String> names(List<MigrationEvent> events) {
        return events.stream().map(e -> e.name() + (e.migration().phase() == null ? "" : ":" + e.migration().phase()))
                .toList();
    }

    @Test
    void subscribersSeeEveryEventInOrderThenExactlyOneFinalEvent() {
        MigrationJob job = job();
        List<MigrationEvent> seen = new CopyOnWriteArrayList<>();
        job.subscribe(seen::add);
        job.phase(MigrationPhase.BEGIN);
        job.phase(MigrationPhase.PREPARE);
        job.phase(MigrationPhase.PERFORM);
        job.progress(progress(1));
        job.cancel();
        job.abandon(new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.PERFORM,
                "ROUND", "cancelled"));
        job.abandon(new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.PERFORM,
                "ROUND", "a second end is ignored"));
        job.phase(MigrationPhase.FINISH);

        assertEquals(List.of("phase", "phase:BEGIN", "phase:PREPARE", "phase:PERFORM", "progress:PERFORM",
                "cancelled:PERFORM"), names(seen));
        MigrationView end = job.view();
        assertEquals(MigrationStatus.CANCELLED, end.status());
        assertEquals(MigrationException.Code.OPERATION_ABORTED.number(), end.error().libvirtError());
        assertEquals(1, end.progress().round());
        assertEquals(4096 * 10, end.progress().dirtyRateBytesPerSecond());
    }

    @Test
    void noEventFollowsTheFinalOne() {
        MigrationJob job = job();
        List<MigrationEvent> seen = new CopyOnWriteArrayList<>();
        job.subscribe(seen::add);
        job.abandon(new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.BEGIN, "BEGIN",
                "no thread"));
        job.phase(MigrationPhase.PREPARE);
        assertEquals(List.of("phase", "failed"), seen.stream().map(MigrationEvent::name).toList());
        assertTrue(seen.get(1).terminal());
    }

    @Test
    void aLateSubscriberFirstGetsTheCurrentSnapshot() {
        MigrationJob job = job();
        job.phase(MigrationPhase.PERFORM);
        job.progress(progress(3));
        List<MigrationEvent> seen = new CopyOnWriteArrayList<>();
        job.subscribe(seen::add);
        assertEquals(List.of("phase:PERFORM"), names(seen));
        assertEquals(3, seen.get(0).migration().progress().round());
    }

    @Test
    void aSubscriberAfterTheEndGetsTheSnapshotAndTheFinalEventAtOnce() {
        MigrationJob job = job();
        job.abandon(new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.BEGIN, "BEGIN",
                "no thread"));
        List<MigrationEvent> seen = new CopyOnWriteArrayList<>();
        job.subscribe(seen::add);
        assertEquals(List.of("phase", "failed"), seen.stream().map(MigrationEvent::name).toList());
        assertEquals(MigrationStatus.FAILED, seen.get(1).migration().status());
        assertEquals(CLOCK.instant(), seen.get(1).migration().endedAt());
    }

    @Test
    void aSubscriberThatThrowsIsDroppedAndTheOthersGoOn() {
        MigrationJob job = job();
        List<MigrationEvent> seen = new CopyOnWriteArrayList<>();
        int[] calls = {0};
        job.subscribe(e -> {
            calls[0]++;
            if (calls[0] > 1) {
                throw new IllegalStateException("the client left");
            }
        });
        job.subscribe(seen::add);
        job.phase(MigrationPhase.BEGIN);
        job.phase(MigrationPhase.PREPARE);
        assertEquals(2, calls[0]);
        assertEquals(3, seen.size());
    }

    @Test
    void unsubscribingStopsTheEvents() throws Exception {
        MigrationJob job = job();
        List<MigrationEvent> seen = new CopyOnWriteArrayList<>();
        Runnable off = job.subscribe(seen::add);
        off.run();
        job.phase(MigrationPhase.BEGIN);
        assertEquals(1, seen.size());
        assertNull(seen.get(0).migration().phase());
        assertTrue(!job.awaitEnd(Duration.ofMillis(1)));
    }
}
