package org.bhyvirt.driver.rpc.xdr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads XDR values from one payload. Every variable length is checked against its maximum and
 * against the bytes left before anything is allocated; a short or over-long value throws
 * {@link XdrException} naming the field. Booleans and optional flags are read leniently (any
 * non-zero is true), as libvirt's own clients need (go-libvirt sends 0x01000000).
 */
public final class XdrDecoder {

    private final ByteBuffer buf;

    public XdrDecoder(ByteBuffer payload) {
        this.buf = payload.slice().order(ByteOrder.BIG_ENDIAN);
    }

    public static XdrDecoder of(byte[] payload) {
        return new XdrDecoder(ByteBuffer.wrap(payload));
    }

    public int remaining() {
        return buf.remaining();
    }

    public int readInt(String field) {
        need(4, field);
        return buf.getInt();
    }

    /** An unsigned int as a long (0 .. 2^32-1). */
    public long readUnsignedInt(String field) {
        return Integer.toUnsignedLong(readInt(field));
    }

    public long readHyper(String field) {
        need(8, field);
        return buf.getLong();
    }

    public double readDouble(String field) {
        need(8, field);
        return buf.getDouble();
    }

    public boolean readBool(String field) {
        return readInt(field) != 0;
    }

    /** A length word bounded by {@code max}. */
    private int readLength(String field, int max) {
        long n = readUnsignedInt(field + " length");
        if (n > max) {
            throw new XdrException(field + ": length " + n + " exceeds the maximum " + max);
        }
        return (int) n;
    }

    public byte[] readOpaque(String field, int max) {
        int n = readLength(field, max);
        int padded = padded(n);
        need(padded, field);
        byte[] out = new byte[n];
        buf.get(out);
        buf.position(buf.position() + padded - n);
        return out;
    }

    public byte[] readFixedOpaque(String field, int length) {
        need(padded(length), field);
        byte[] out = new byte[length];
        buf.get(out);
        buf.position(buf.position() + padded(length) - length);
        return out;
    }

    public String readString(String field, int max) {
        return new String(readOpaque(field, max), StandardCharsets.UTF_8);
    }

    public UUID readUuid(String field) {
        ByteBuffer b = ByteBuffer.wrap(readFixedOpaque(field, 16));
        return new UUID(b.getLong(), b.getLong());
    }

    /** An optional value: a present flag, then the value when present. */
    public <T> Optional<T> readOptional(String field, Function<XdrDecoder, T> reader) {
        return readBool(field + " present") ? Optional.of(reader.apply(this)) : Optional.empty();
    }

    /**
     * A variable-length array bounded by {@code max}. Each element needs at least
     * {@code minElementBytes} on the wire, so a count the payload cannot hold is refused before the
     * list is sized.
     */
    public <T> List<T> readArray(String field, int max, int minElementBytes, Function<XdrDecoder, T> reader) {
        int n = readLength(field, max);
        if ((long) n * Math.max(1, minElementBytes) > buf.remaining()) {
            throw new XdrException(field + ": " + n + " elements cannot fit in the " + buf.remaining() + " bytes left");
        }
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(reader.apply(this));
        }
        return out;
    }

    /** Checks that the whole payload was read: trailing bytes are an error. */
    public void expectEnd(String what) {
        if (buf.hasRemaining()) {
            throw new XdrException(what + ": " + buf.remaining() + " unexpected bytes after the arguments");
        }
    }

    private void need(int n, String field) {
        if (buf.remaining() < n) {
            throw new XdrException(field + ": needs " + n + " bytes, only " + buf.remaining() + " left");
        }
    }

    static int padded(int n) {
        return (n + 3) & ~3;
    }
}
