package org.bhyvirt.plugin.peer;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs peer requests with the shared {@link PeerSecret}: HMAC-SHA256 over a {@link SignedRequest}'s
 * canonical text, with the current time and a fresh random nonce; {@link #sign} answers the headers
 * ({@link PeerHeaders}) to send with the request. Thread-safe.
 */
public final class PeerSigner {
    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeerSecret secret;
    private final Clock clock;

    /** A signer with {@code secret}, reading the time from {@code clock}. */
    public PeerSigner(PeerSecret secret, Clock clock) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The headers signing {@code method target} with {@code body}, now, with a fresh nonce. */
    public Map<String, String> sign(String method, String target, byte[] body) {
        byte[] n = new byte[16];
        RANDOM.nextBytes(n);
        SignedRequest request = SignedRequest.of(method, target, clock.instant().getEpochSecond(),
                HexFormat.of().formatHex(n), body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PeerHeaders.TIMESTAMP, Long.toString(request.timestamp()));
        headers.put(PeerHeaders.NONCE, request.nonce());
        headers.put(PeerHeaders.CONTENT_SHA256, request.bodyDigest());
        headers.put(PeerHeaders.AUTHORIZATION, SignedRequest.SCHEME + " " + signature(secret, request));
        return headers;
    }

    /** Hex HMAC-SHA256 of {@code request}'s canonical text under {@code secret}. */
    static String signature(PeerSecret secret, SignedRequest request) {
        return HexFormat.of().formatHex(mac(secret, request));
    }

    static byte[] mac(PeerSecret secret, SignedRequest request) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.key(), HMAC));
            return mac.doFinal(request.canonicalBytes());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable: " + e, e);
        }
    }
}
