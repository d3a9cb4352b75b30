package org.bhyvirt.events.kafka;

import java.util.Objects;

/**
 * One encoded event waiting for the broker: its topic, key (the domain's UUID), CloudEvent bytes
 * and kind.
 */
record PendingEvent(String topic, String key, byte[] value, EventKind kind) {
    PendingEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
    }
}
