package org.bhyvirt.events.cloud;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

import jakarta.json.JsonObject;

/**
 * A CloudEvent as a consumer reads it: its attributes and its data object.
 *
 * @param id         unique per event
 * @param source     the publishing host
 * @param type       e.g. {@code org.bhyvirt.domain.lifecycle}
 * @param subject    the domain's name
 * @param time       when it happened
 * @param dataschema the versioned schema of its data
 * @param data       the event's data
 */
public record ReceivedEvent(String id, URI source, String type, String subject, Instant time, URI dataschema,
        JsonObject data) {

    public ReceivedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}
