package org.bhyvirt.plugin.host;

/**
 * The host cannot serve calls: its driver is not open (still starting, stopping, or it failed to
 * open). The message says why; the REST API answers it with 503.
 */
public final class HostNotReadyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HostNotReadyException(String message) {
        super(message);
    }
}
