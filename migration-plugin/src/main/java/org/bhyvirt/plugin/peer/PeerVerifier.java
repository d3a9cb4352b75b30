package org.bhyvirt.plugin.peer;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a peer request's signature ({@link PeerSigner}'s headers) and refuses, with a
 * {@link PeerAuthException} saying why: every request when no secret is configured; a request
 * without the four headers or with malformed ones; a body whose SHA-256 differs from the signed
 * digest; a signature that is not the HMAC of the canonical text under the shared secret (compared
 * in constant time); a timestamp more than {@code window} from this host's clock; a nonce already
 * accepted within the window (a replay). The nonce is recorded only once everything else passed,
 * so unsigned requests cannot fill the cache. Thread-safe.
 */
public final class PeerVerifier {
    /** The default replay window: a request's timestamp may differ this much from this host's clock. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    /** The default number of nonces remembered within the window. */
    public static final int DEFAULT_CAPACITY = 100_000;
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final Optional<PeerSecret> secret;
    private final Clock clock;
    private final long windowSeconds;
    private final NonceCache nonces;

    /** A verifier with {@code secret} (empty: refuse everything), {@code clock}, {@code window} and nonce {@code capacity}. */
    public PeerVerifier(Optional<PeerSecret> secret, Clock clock, Duration window, int capacity) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("replay window " + window + " is not positive");
        }
        this.windowSeconds = window.toSeconds();
        this.nonces = new NonceCache(capacity);
    }

    /** A verifier with the default window and capacity. */
    public static PeerVerifier withDefaults(Optional<PeerSecret> secret, Clock clock) {
        return new PeerVerifier(secret, clock, DEFAULT_WINDOW, DEFAULT_CAPACITY);
    }

    /** Whether a secret is configured (else every request is refused). */
    public boolean open() {
        return secret.isPresent();
    }

    /**
     * Verifies the request {@code method target} with {@code body}, its headers looked up by
     * {@code header} (null when absent); returns normally when it is accepted.
     */
    public void verify(String method, String target, Function<String, String> header, byte[] body) {
        PeerSecret key = secret.orElseThrow(() -> new PeerAuthException(
                "this host has no peer secret (bhyvirt.peer.secret-file): its peer API refuses every request"));
        String authorization = header.apply(PeerHeaders.AUTHORIZATION);
        String prefix = SignedRequest.SCHEME + " ";
        if (authorization == null || !authorization.startsWith(prefix)) {
            throw new PeerAuthException("the request is not signed (" + PeerHeaders.AUTHORIZATION + ": "
                    + SignedRequest.SCHEME + " expected)");
        }
        String given = authorization.substring(prefix.length()).strip();
        String timestampText = header.apply(PeerHeaders.TIMESTAMP);
        String nonce = header.apply(PeerHeaders.NONCE);
        String digest = header.apply(PeerHeaders.CONTENT_SHA256);
        long timestamp;
        try {
            timestamp = Long.parseLong(Objects.requireNonNull(timestampText, PeerHeaders.TIMESTAMP));
        } catch (NumberFormatException | NullPointerException e) {
            throw new PeerAuthException("missing or malformed " + PeerHeaders.TIMESTAMP + ": " + timestampText);
        }
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            throw new PeerAuthException("missing or malformed " + PeerHeaders.NONCE + " (32 hex digits expected)");
        }
        if (digest == null || !HEX64.matcher(digest).matches()) {
            throw new PeerAuthException("missing or malformed " + PeerHeaders.CONTENT_SHA256);
        }
        if (!HEX64.matcher(given).matches()) {
            throw new PeerAuthException("malformed signature (64 hex digits expected)");
        }
        if (!MessageDigest.isEqual(HexFormat.of().parseHex(digest), HexFormat.of().parseHex(
                SignedRequest.digest(body)))) {
            throw new PeerAuthException("the body does not match its signed digest");
        }
        SignedRequest request = new SignedRequest(method, target, timestamp, nonce, digest);
        if (!MessageDigest.isEqual(PeerSigner.mac(key, request), HexFormat.of().parseHex(given))) {
            throw new PeerAuthException("bad signature for " + request.method() + " " + request.target());
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > windowSeconds) {
            throw new PeerAuthException("the request's timestamp " + timestamp + " is more than " + windowSeconds
                    + " s from this host's clock (" + now + ")");
        }
        if (!nonces.firstUse(nonce, timestamp + windowSeconds, now)) {
            throw new PeerAuthException("replayed request: nonce " + nonce + " was already used");
        }
    }
}
