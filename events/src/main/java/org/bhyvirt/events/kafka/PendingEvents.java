package org.bhyvirt.events.kafka;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The bounded buffer between publishers and the sender: events in publication order, at most
 * {@code capacity} of them. Adding to a full buffer drops the oldest PROGRESS event, else the
 * oldest other migration event, else the oldest lifecycle event (the new one is kept: it is the
 * most current), and counts the drop by kind. What remains keeps its order, so one domain's events
 * still leave in order. Thread-safe; {@link #take} blocks the sender only.
 */
final class PendingEvents {
    private final int capacity;
    private final LinkedList<PendingEvent> events = new LinkedList<>();
    private final long[] dropped = new long[EventKind.values().length];

    PendingEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity " + capacity + " is not positive");
        }
        this.capacity = capacity;
    }

    /** Adds {@code e} at the end; returns the kind of the event dropped to make room, or null. */
    synchronized EventKind add(PendingEvent e) {
        EventKind droppedKind = null;
        if (events.size() >= capacity) {
            droppedKind = dropOne();
        }
        events.addLast(e);
        notifyAll();
        return droppedKind;
    }

    /** Puts events the broker did not take back at the front, in their order, dropping as {@link #add} does. */
    synchronized void putBack(List<PendingEvent> unsent) {
        for (int i = unsent.size() - 1; i >= 0; i--) {
            events.addFirst(unsent.get(i));
        }
        while (events.size() > capacity) {
            dropOne();
        }
    }

    private EventKind dropOne() {
        for (EventKind kind : EventKind.values()) {
            Iterator<PendingEvent> it = events.iterator();
            while (it.hasNext()) {
                if (it.next().kind() == kind) {
                    it.remove();
                    dropped[kind.ordinal()]++;
                    return kind;
                }
            }
        }
        throw new IllegalStateException("a full buffer holds no event");
    }

    /**
     * Takes up to {@code max} events from the front, waiting up to {@code timeoutMs} for the first;
     * empty when none came.
     */
    synchronized List<PendingEvent> take(int max, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (events.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return List.of();
            }
            wait(left);
        }
        List<PendingEvent> out = new ArrayList<>(Math.min(max, events.size()));
        while (!events.isEmpty() && out.size() < max) {
            out.add(events.removeFirst());
        }
        return out;
    }

    synchronized int size() {
        return events.size();
    }

    synchronized long dropped(EventKind kind) {
        return dropped[kind.ordinal()];
    }
}
