package org.bhyvirt.cli.rest;

import java.util.Optional;

/**
 * The event-stream interpretation of the HTML standard (text/event-stream), fed one line at a time
 * without its line terminator: {@code event:}, {@code data:} and {@code id:} fields (one space after the
 * colon removed), comments ({@code :...}) and unknown fields ignored, and a blank line dispatching the
 * event gathered so far, unless it has no data. The last event id persists across events, as the
 * standard says. Not thread-safe: one parser per stream.
 */
public final class SseParser {

    private String name = "";
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String lastId = "";

    /** Takes one line; returns the event a blank line completes, if any. */
    public Optional<SseEvent> accept(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastId = value;
                }
            }
            default -> { } // "retry" and unknown fields do not concern a one-shot client
        }
        return Optional.empty();
    }

    private Optional<SseEvent> dispatch() {
        Optional<SseEvent> event = hasData
                ? Optional.of(new SseEvent(name.isEmpty() ? "message" : name, data.toString(), lastId))
                : Optional.empty();
        name = "";
        data.setLength(0);
        hasData = false;
        return event;
    }
}
