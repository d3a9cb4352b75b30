package org.bhyvirt.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.bhyvirt.cli.rest.Migration;
import org.bhyvirt.cli.rest.MigrationProgress;
import org.bhyvirt.cli.rest.SseEvent;
import org.junit.jupiter.api.Test;

class MigrationViewTest {

    private static final Migration STARTED = new Migration("m1", "g", "a", "b", "LIVE", "BEGIN", "RUNNING",
            MigrationProgress.NONE, Optional.empty(), Optional.empty());

    private static SseEvent event(String name, String data) {
        return new SseEvent(name, data, "");
    }

    @Test
    void aProgressEventCarryingTheWholeMigrationUpdatesPhaseAndProgress() {
        MigrationView v = MigrationView.of(STARTED).next(event("progress",
                "{\"id\":\"m1\",\"phase\":\"PERFORM\",\"status\":\"RUNNING\",\"progress\":{\"round\":2,\"totalBytes\":10,\"remainingBytes\":5}}"));
        assertEquals("PERFORM", v.phase());
        assertEquals(new MigrationProgress(2, 0, 5, 10, 0, 0, 0), v.progress());
        assertTrue(v.end().isEmpty());
    }

    @Test
    void aProgressEventCarryingOnlyTheProgressKeepsThePhase() {
        MigrationView v = MigrationView.of(STARTED).next(event("progress", "{\"round\":3,\"transferredBytes\":7}"));
        assertEquals("BEGIN", v.phase());
        assertEquals(3, v.progress().round());
    }

    @Test
    void aPhaseEventCarryingOnlyThePhaseKeepsTheProgress() {
        MigrationView v = MigrationView.of(STARTED).next(event("progress", "{\"round\":3}"))
                .next(event("phase", "{\"phase\":\"FINISH\"}"));
        assertEquals("FINISH", v.phase());
        assertEquals(3, v.progress().round());
    }

    @Test
    void aFinalEventEndsTheViewAndLaterEventsChangeNothing() {
        MigrationView end = MigrationView.of(STARTED).next(event("failed",
                "{\"id\":\"m1\",\"kind\":\"LIVE\",\"phase\":\"PERFORM\",\"status\":\"FAILED\",\"error\":{\"libvirtError\":38,\"message\":\"x\",\"phase\":\"PERFORM\"}}"));
        assertEquals("FAILED", end.end().orElseThrow().status());
        assertSame(end, end.next(event("progress", "{\"round\":9}")));
    }

    @Test
    void unknownEventsChangeNothing() {
        MigrationView v = MigrationView.of(STARTED);
        assertSame(v, v.next(event("message", "hello")));
    }

    @Test
    void aMigrationThatHadAlreadyEndedStartsEnded() {
        Migration done = new Migration("m1", "g", "a", "b", "LIVE", "CONFIRM", "COMPLETED", MigrationProgress.NONE,
                Optional.empty(), Optional.empty());
        assertEquals(Optional.of(done), MigrationView.of(done).end());
    }
}
