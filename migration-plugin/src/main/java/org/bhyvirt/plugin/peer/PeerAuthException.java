package org.bhyvirt.plugin.peer;

/**
 * A peer request refused by the {@link PeerVerifier}: the message says why (no secret configured,
 * no or a malformed signature, a bad signature, a body that does not match its digest, a timestamp
 * outside the window, a replayed nonce) without revealing anything of the secret. The REST face
 * answers it with 401 and libvirt's AUTH_FAILED ({@value #LIBVIRT_NUMBER}).
 */
public final class PeerAuthException extends RuntimeException {
    /** libvirt's VIR_ERR_AUTH_FAILED. */
    public static final int LIBVIRT_NUMBER = 45;
    /** libvirt's name of {@link #LIBVIRT_NUMBER}. */
    public static final String LIBVIRT_NAME = "AUTH_FAILED";

    public PeerAuthException(String message) {
        super(message);
    }
}
