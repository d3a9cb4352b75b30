package org.bhyvirt.events;

import java.time.Instant;

/**
 * An event sink's counters: events the broker acknowledged, events waiting, events dropped because
 * the buffer was full (by kind: migration progress first, other migration events, lifecycle events
 * last), whether the broker answered last time, and when it last acknowledged one.
 *
 * @param published        events acknowledged by the broker
 * @param buffered         events waiting to be sent or acknowledged
 * @param droppedProgress  PROGRESS events dropped
 * @param droppedLifecycle lifecycle events dropped
 * @param droppedOther     other migration events dropped
 * @param brokerReachable  whether the last send reached the broker
 * @param lastDelivery     when the broker last acknowledged an event, or null
 */
public record SinkStats(long published, long buffered, long droppedProgress, long droppedLifecycle,
        long droppedOther, boolean brokerReachable, Instant lastDelivery) {

    /** All drops together. */
    public long dropped() {
        return droppedProgress + droppedLifecycle + droppedOther;
    }
}
