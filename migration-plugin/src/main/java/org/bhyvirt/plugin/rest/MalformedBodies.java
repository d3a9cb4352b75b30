package org.bhyvirt.plugin.rest;

import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.NoContentException;

/**
 * Recognises a request body JSON-B could not read, whichever wrapper the container put around the
 * parser's error, and describes it by the innermost message (the parser's, naming the position).
 */
final class MalformedBodies {

    private MalformedBodies() {
    }

    static boolean isMalformedJson(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof JsonbException || c instanceof JsonException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the container found no body where the call takes one. */
    static boolean isMissing(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NoContentException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable t) {
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
        }
        return "the request body is not the JSON this call takes: " + (message == null ? t.getClass().getName() : message);
    }
}
