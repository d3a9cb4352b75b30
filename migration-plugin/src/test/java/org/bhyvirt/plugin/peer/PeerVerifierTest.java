package org.bhyvirt.plugin.peer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link PeerSigner} and {@link PeerVerifier}: a signed request passes; every part the signature
 * covers, changed after signing, is refused; so are unsigned requests, another secret, a clock
 * outside the window, a replay, and everything when no secret is configured.
 */
class PeerVerifierTest {
    private static final PeerSecret SECRET = PeerSecret.of("correct horse battery staple 42".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
    private static final String TARGET = "/bhyvirt/api/v1/peer/incoming";
    private static final byte[] BODY = "{\"domainXml\":\"<domain/>\"}".getBytes(StandardCharsets.UTF_8);

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private static PeerVerifier verifier(Clock clock) {
        return PeerVerifier.withDefaults(Optional.of(SECRET), clock);
    }

    /** What a tamperer changes after the request was signed. */
    enum Tamper {
        METHOD, TARGET, TIMESTAMP, NONCE, BODY, BODY_AND_DIGEST, SIGNATURE
    }

    @Test
    void aSignedRequestIsAccepted() {
        Map<String, String> h = new PeerSigner(SECRET, at(NOW)).sign("POST", TARGET, BODY);
        assertDoesNotThrow(() -> verifier(at(NOW)).verify("POST", TARGET, h::get, BODY));
    }

    @Test
    void aSignedRequestWithoutBodyIsAccepted() {
        Map<String, String> h = new PeerSigner(SECRET, at(NOW)).sign("DELETE", TARGET + "/x", new byte[0]);
        assertDoesNotThrow(() -> verifier(at(NOW)).verify("DELETE", TARGET + "/x", h::get, new byte[0]));
    }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void anyPartChangedAfterSigningIsRefused(Tamper tamper) {
        Map<String, String> h = new HashMap<>(new PeerSigner(SECRET, at(NOW)).sign("POST", TARGET, BODY));
        String method = "POST";
        String target = TARGET;
        byte[] body = BODY;
        switch (tamper) {
            case METHOD -> method = "DELETE";
            case TARGET -> target = TARGET + "/other/finish";
            case TIMESTAMP -> h.put(PeerHeaders.TIMESTAMP, Long.toString(NOW.getEpochSecond() - 1));
            case NONCE -> h.put(PeerHeaders.NONCE, "0".repeat(32));
            case BODY -> body = "{\"domainXml\":\"<evil/>\"}".getBytes(StandardCharsets.UTF_8);
            case BODY_AND_DIGEST -> {
                body = "{\"domainXml\":\"<evil/>\"}".getBytes(StandardCharsets.UTF_8);
                h.put(PeerHeaders.CONTENT_SHA256, SignedRequest.digest(body));
            }
            case SIGNATURE -> {
                String sig = h.get(PeerHeaders.AUTHORIZATION);
                char last = sig.charAt(sig.length() - 1);
                h.put(PeerHeaders.AUTHORIZATION, sig.substring(0, sig.length() - 1) + (last == '0' ? '1' : '0'));
            }
            default -> throw new AssertionError(tamper);
        }
        String m = method;
        String t = target;
        byte[] b = body;
        assertThrows(PeerAuthException.class, () -> verifier(at(NOW)).verify(m, t, h::get, b));
    }

    @Test
    void anUnsignedRequestIsRefusedNamingTheMissingSignature() {
        PeerAuthException e = assertThrows(PeerAuthException.class,
                () -> verifier(at(NOW)).verify("POST", TARGET, name -> null, BODY));
        assertTrue(e.getMessage().contains("not signed"), e.getMessage());
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefused() {
        PeerSecret other = PeerSecret.of("another secret of enough bytes".getBytes(StandardCharsets.UTF_8));
        Map<String, String> h = new PeerSigner(other, at(NOW)).sign("POST", TARGET, BODY);
        PeerAuthException e = assertThrows(PeerAuthException.class,
                () -> verifier(at(NOW)).verify("POST", TARGET, h::get, BODY));
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
    }

    @Test
    void aTimestampOutsideTheWindowIsRefusedEitherWay() {
        Duration beyond = PeerVerifier.DEFAULT_WINDOW.plusSeconds(1);
        Map<String, String> old = new PeerSigner(SECRET, at(NOW.minus(beyond))).sign("POST", TARGET, BODY);
        Map<String, String> future = new PeerSigner(SECRET, at(NOW.plus(beyond))).sign("POST", TARGET, BODY);
        PeerVerifier v = verifier(at(NOW));
        PeerAuthException e = assertThrows(PeerAuthException.class, () -> v.verify("POST", TARGET, old::get, BODY));
        assertTrue(e.getMessage().contains("timestamp"), e.getMessage());
        assertThrows(PeerAuthException.class, () -> v.verify("POST", TARGET, future::get, BODY));
    }

    @Test
    void aTimestampWithinTheWindowIsAccepted() {
        Map<String, String> h = new PeerSigner(SECRET, at(NOW.minus(PeerVerifier.DEFAULT_WINDOW))).sign("POST", TARGET,
                BODY);
        assertDoesNotThrow(() -> verifier(at(NOW)).verify("POST", TARGET, h::get, BODY));
    }

    @Test
    void aReplayedRequestIsRefused() {
        Map<String, String> h = new PeerSigner(SECRET, at(NOW)).sign("POST", TARGET, BODY);
        PeerVerifier v = verifier(at(NOW));
        v.verify("POST", TARGET, h::get, BODY);
        PeerAuthException e = assertThrows(PeerAuthException.class, () -> v.verify("POST", TARGET, h::get, BODY));
        assertTrue(e.getMessage().contains("replayed"), e.getMessage());
    }

    @Test
    void everySigningUsesAFreshNonce() {
        PeerSigner s = new PeerSigner(SECRET, at(NOW));
        assertNotEquals(s.sign("POST", TARGET, BODY).get(PeerHeaders.NONCE),
                s.sign("POST", TARGET, BODY).get(PeerHeaders.NONCE));
    }

    @Test
    void withoutASecretEveryRequestIsRefused() {
        Map<String, String> h = new PeerSigner(SECRET, at(NOW)).sign("POST", TARGET, BODY);
        PeerVerifier closed = PeerVerifier.withDefaults(Optional.empty(), at(NOW));
        PeerAuthException e = assertThrows(PeerAuthException.class, () -> closed.verify("POST", TARGET, h::get, BODY));
        assertTrue(e.getMessage().contains("bhyvirt.peer.secret-file"), e.getMessage());
    }

    @Test
    void unsignedRequestsDoNotFillTheNonceCache() {
        PeerVerifier v = new PeerVerifier(Optional.of(SECRET), at(NOW), PeerVerifier.DEFAULT_WINDOW, 1);
        Map<String, String> forged = new HashMap<>(new PeerSigner(SECRET, at(NOW)).sign("POST", TARGET, BODY));
        forged.put(PeerHeaders.AUTHORIZATION, SignedRequest.SCHEME + " " + "ab".repeat(32));
        assertThrows(PeerAuthException.class, () -> v.verify("POST", TARGET, forged::get, BODY));
        Map<String, String> h = new PeerSigner(SECRET, at(NOW)).sign("POST", TARGET, BODY);
        assertDoesNotThrow(() -> v.verify("POST", TARGET, h::get, BODY));
    }

    @Test
    void aFullNonceCacheRefusesUntilItsNoncesLeaveTheWindow() {
        NonceCache cache = new NonceCache(2);
        long t = NOW.getEpochSecond();
        assertTrue(cache.firstUse("a", t + 60, t));
        assertTrue(cache.firstUse("b", t + 60, t));
        assertThrows(PeerAuthException.class, () -> cache.firstUse("c", t + 60, t));
        assertTrue(cache.firstUse("c", t + 121, t + 61));
        assertEquals(1, cache.size());
    }

    @Test
    void theSecretFileIsReadWithoutItsFinalNewlineAndNeverShown(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, "correct horse battery staple 42\n");
        PeerSecret read = PeerSecret.read(file);
        assertEquals(SECRET, read);
        assertEquals("PeerSecret[redacted]", read.toString());
    }

    @Test
    void aShortSecretIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, "short\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerSecret.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
