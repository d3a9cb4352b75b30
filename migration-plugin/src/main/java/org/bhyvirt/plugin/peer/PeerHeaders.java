package org.bhyvirt.plugin.peer;

/**
 * The HTTP headers that carry a peer request's signature: the timestamp, the nonce, the body's
 * digest and the HMAC itself ({@code Authorization: BHYVIRT-PEER-HMAC-SHA256 <hex>}).
 */
public final class PeerHeaders {
    /** Seconds since the epoch when the request was signed. */
    public static final String TIMESTAMP = "X-Bhyvirt-Timestamp";
    /** The request's nonce. */
    public static final String NONCE = "X-Bhyvirt-Nonce";
    /** Hex SHA-256 of the body. */
    public static final String CONTENT_SHA256 = "X-Bhyvirt-Content-SHA256";
    /** The standard header holding the scheme and the signature. */
    public static final String AUTHORIZATION = "Authorization";

    private PeerHeaders() {
    }
}
