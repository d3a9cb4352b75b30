package org.bhyvirt.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PendingEventsTest {

    private static PendingEvent event(String name, EventKind kind) {
        return new PendingEvent("t", name, name.getBytes(java.nio.charset.StandardCharsets.UTF_8), kind);
    }

    private static List<String> keys(List<PendingEvent> events) {
        return events.stream().map(PendingEvent::key).toList();
    }

    @Test
    void aFullBufferDropsTheOldestProgressFirstThenOtherMigrationEventsAndLifecycleLast() throws Exception {
        PendingEvents p = new PendingEvents(4);
        assertNull(p.add(event("L1", EventKind.LIFECYCLE)));
        assertNull(p.add(event("P1", EventKind.PROGRESS)));
        assertNull(p.add(event("M1", EventKind.MIGRATION)));
        assertNull(p.add(event("P2", EventKind.PROGRESS)));
        assertEquals(EventKind.PROGRESS, p.add(event("L2", EventKind.LIFECYCLE)));   // P1 goes
        assertEquals(EventKind.PROGRESS, p.add(event("L3", EventKind.LIFECYCLE)));   // P2 goes
        assertEquals(EventKind.MIGRATION, p.add(event("P3", EventKind.PROGRESS)));   // M1 goes
        assertEquals(EventKind.PROGRESS, p.add(event("L4", EventKind.LIFECYCLE)));   // P3 goes
        assertEquals(EventKind.LIFECYCLE, p.add(event("L5", EventKind.LIFECYCLE)));  // L1 goes
        assertEquals(3, p.dropped(EventKind.PROGRESS));
        assertEquals(1, p.dropped(EventKind.MIGRATION));
        assertEquals(1, p.dropped(EventKind.LIFECYCLE));
        assertEquals(List.of("L2", "L3", "L4", "L5"), keys(p.take(10, 0)), "what remains keeps its order");
    }

    @Test
    void eventsPutBackGoFirstInTheirOrderWithinTheBound() throws Exception {
        PendingEvents p = new PendingEvents(3);
        p.add(event("A", EventKind.LIFECYCLE));
        p.add(event("B", EventKind.PROGRESS));
        p.add(event("C", EventKind.LIFECYCLE));
        List<PendingEvent> taken = p.take(2, 0);
        assertEquals(List.of("A", "B"), keys(taken));
        p.add(event("D", EventKind.LIFECYCLE));
        p.add(event("E", EventKind.LIFECYCLE));
        p.putBack(taken);
        assertEquals(1, p.dropped(EventKind.PROGRESS), "B is dropped first to keep the bound");
        assertEquals(1, p.dropped(EventKind.LIFECYCLE), "then the oldest lifecycle event, A");
        assertEquals(List.of("C", "D", "E"), keys(p.take(10, 0)));

        p.add(event("F", EventKind.LIFECYCLE));
        List<PendingEvent> again = p.take(1, 0);
        p.putBack(again);
        assertEquals(List.of("F"), keys(p.take(10, 0)), "a put-back event within the bound loses nothing");
    }

    @Test
    void takeWaitsForTheFirstEventAndNoLonger() throws Exception {
        PendingEvents p = new PendingEvents(2);
        long t0 = System.nanoTime();
        assertEquals(List.of(), p.take(5, 50));
        assertTrue(System.nanoTime() - t0 >= 45_000_000L, "waited for the timeout");
        assertThrows(IllegalArgumentException.class, () -> new PendingEvents(0));
    }
}
