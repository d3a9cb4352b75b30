package org.bhyvirt.driver.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A test {@link EventPublisher} that records every event in order and lets a test wait for one
 * (monitor wait, woken by each publish; no sleeping).
 */
public final class RecordingEventPublisher implements EventPublisher {

    private final List<LifecycleEvent> events = new ArrayList<>();

    @Override
    public synchronized void publish(LifecycleEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<LifecycleEvent> events() {
        return List.copyOf(events);
    }

    /** The details of the events of domain {@code name}, in order. */
    public synchronized List<LifecycleEventDetail> details(String name) {
        return events.stream().filter(e -> e.domainName().equals(name)).map(LifecycleEvent::detail).toList();
    }

    /** Waits until an event matching {@code p} was recorded; fails the test after {@code timeout}. */
    public synchronized LifecycleEvent await(Predicate<LifecycleEvent> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < events.size(); seen++) {
                if (p.test(events.get(seen))) {
                    return events.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeout + "; got " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits for the {@code n}-th (1-based) event of {@code name} with {@code detail}. */
    public LifecycleEvent await(String name, LifecycleEventDetail detail, int n, Duration timeout)
            throws InterruptedException {
        int[] count = {0};
        return await(e -> e.domainName().equals(name) && e.detail() == detail && ++count[0] == n, timeout);
    }

    public LifecycleEvent await(String name, LifecycleEventDetail detail, Duration timeout) throws InterruptedException {
        return await(name, detail, 1, timeout);
    }
}
