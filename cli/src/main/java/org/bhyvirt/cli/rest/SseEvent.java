package org.bhyvirt.cli.rest;

import java.util.Objects;

/**
 * One Server-Sent Event as dispatched by {@link SseParser}: its name ({@code "message"} when the
 * stream named none), its data (the data lines joined by newlines) and its last event id (empty when none).
 */
public record SseEvent(String name, String data, String id) {

    public SseEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(id, "id");
    }
}
