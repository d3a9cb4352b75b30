package org.bhyvirt.plugin.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * The secret two hosts share to sign their peer requests: at least {@value #MIN_BYTES} bytes, read
 * from the file {@code bhyvirt.peer.secret-file} names (surrounding white space, such as the final
 * newline of a file written with echo, is not part of it). {@link #toString()} never shows it.
 */
public final class PeerSecret {
    /** The shortest secret accepted: 128 bits. */
    public static final int MIN_BYTES = 16;

    private final byte[] bytes;

    private PeerSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The secret {@code bytes} (copied); refused when shorter than {@value #MIN_BYTES} bytes. */
    public static PeerSecret of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("a peer secret needs at least " + MIN_BYTES + " bytes, this one has "
                    + bytes.length);
        }
        return new PeerSecret(bytes.clone());
    }

    /** The secret in {@code file}, without surrounding white space. */
    public static PeerSecret read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        try {
            return of(text.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("peer secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A copy of the secret's bytes (the HMAC key). */
    byte[] key() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerSecret s && java.security.MessageDigest.isEqual(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "PeerSecret[redacted]";
    }
}
