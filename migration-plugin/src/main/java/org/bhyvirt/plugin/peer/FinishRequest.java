package org.bhyvirt.plugin.peer;

/**
 * The body of {@code POST /peer/incoming/{id}/finish}: how long the destination may wait for the
 * stream to complete before it gives up (and discards the guest).
 *
 * @param timeoutMs the wait, milliseconds (1 .. 3 600 000)
 */
public record FinishRequest(long timeoutMs) {
    /** The longest wait a finish may ask for. */
    public static final long MAX_TIMEOUT_MS = 3_600_000;
}
