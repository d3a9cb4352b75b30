package org.bhyvirt.plugin.peer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * What a peer request's signature covers, in its one canonical form: the HTTP method, the request
 * target (raw path and query, as sent), the timestamp (seconds since the epoch), the nonce and the
 * SHA-256 digest of the body (hex; an empty body has the digest of no bytes). Two requests that
 * differ in any of these have different canonical texts.
 *
 * @param method     the HTTP method, upper case
 * @param target     the raw path, plus "?" and the raw query when there is one
 * @param timestamp  seconds since the epoch when the request was signed
 * @param nonce      a value never used twice by the signer (hex of 16 random bytes)
 * @param bodyDigest lower-case hex SHA-256 of the body
 */
public record SignedRequest(String method, String target, long timestamp, String nonce, String bodyDigest) {
    /** The scheme's name, the first line of the canonical text: a new scheme gets a new name. */
    public static final String SCHEME = "BHYVIRT-PEER-HMAC-SHA256";

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(bodyDigest, "bodyDigest");
        method = method.toUpperCase(Locale.ROOT);
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("a request target starts with '/': " + target);
        }
        for (String part : new String[] {method, target, nonce, bodyDigest}) {
            if (part.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a signed part holds a line break: " + part);
            }
        }
    }

    /** The request {@code method target} with {@code body}, signed at {@code timestamp} with {@code nonce}. */
    public static SignedRequest of(String method, String target, long timestamp, String nonce, byte[] body) {
        return new SignedRequest(method, target, timestamp, nonce, digest(body));
    }

    /** The text the HMAC is computed over: the scheme and the five parts, one a line. */
    public String canonical() {
        return SCHEME + "\n" + method + "\n" + target + "\n" + timestamp + "\n" + nonce + "\n" + bodyDigest;
    }

    /** Lower-case hex SHA-256 of {@code body}. */
    public static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    byte[] canonicalBytes() {
        return canonical().getBytes(StandardCharsets.UTF_8);
    }
}
