package org.bhyvirt.migration.protocol;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The one-time secret that {@code prepare} hands out and every channel of the migration stream
 * must present: 32 random bytes. Comparison is constant-time; {@link #toString()} never shows the
 * secret, only a short fingerprint-free label.
 */
public final class MigrationToken {

    /** Token length in bytes. */
    public static final int BYTES = 32;

    private final byte[] bytes;

    private MigrationToken(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh token from {@code random}. */
    public static MigrationToken random(SecureRandom random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return new MigrationToken(b);
    }

    /** The token with exactly these {@value #BYTES} bytes (copied). */
    public static MigrationToken of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a migration token has " + BYTES + " bytes, not " + bytes.length);
        }
        return new MigrationToken(bytes.clone());
    }

    /** The token from its 64-digit hex form (as prepare returns it in a cookie or URI). */
    public static MigrationToken ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** The 64-digit hex form, for handing the token to the source. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Constant-time comparison with {@code other}. */
    public boolean matches(MigrationToken other) {
        return other != null && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MigrationToken t && matches(t);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MigrationToken[redacted]";
    }
}
