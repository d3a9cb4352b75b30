package org.bhyvirt.driver.rpc.xdr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Writes XDR values into a growing buffer. Strings are written as UTF-8 without a terminator and
 * padded to 4 bytes; {@link #writeCharArray} writes libvirt's {@code char x[N]} with 4 bytes per
 * character, as {@code remote_node_get_info_ret.model} needs.
 */
public final class XdrEncoder {

    private static final byte[] PAD = new byte[4];

    private final ByteArrayOutputStream out;

    public XdrEncoder() {
        this(256);
    }

    public XdrEncoder(int initialCapacity) {
        this.out = new ByteArrayOutputStream(initialCapacity);
    }

    public XdrEncoder writeInt(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    /** An unsigned int from a long in 0 .. 2^32-1. */
    public XdrEncoder writeUnsignedInt(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not an unsigned int: " + v);
        }
        return writeInt((int) v);
    }

    public XdrEncoder writeHyper(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    public XdrEncoder writeDouble(double v) {
        return writeHyper(Double.doubleToLongBits(v));
    }

    public XdrEncoder writeBool(boolean v) {
        return writeInt(v ? 1 : 0);
    }

    public XdrEncoder writeOpaque(byte[] bytes) {
        writeInt(bytes.length);
        return writeFixedOpaque(bytes);
    }

    public XdrEncoder writeFixedOpaque(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        out.write(PAD, 0, XdrDecoder.padded(bytes.length) - bytes.length);
        return this;
    }

    public XdrEncoder writeString(String s) {
        return writeOpaque(s.getBytes(StandardCharsets.UTF_8));
    }

    public XdrEncoder writeUuid(UUID uuid) {
        writeHyper(uuid.getMostSignificantBits());
        return writeHyper(uuid.getLeastSignificantBits());
    }

    /** libvirt's {@code char x[length]}: {@code length} ints, one per byte, zero-filled. */
    public XdrEncoder writeCharArray(String s, int length) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < length; i++) {
            writeInt(i < b.length ? b[i] : 0);
        }
        return this;
    }

    /** libvirt's {@code char x<max>}: a count, then one int per byte. */
    public XdrEncoder writeCharList(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        for (byte c : b) {
            writeInt(c);
        }
        return this;
    }

    public <T> XdrEncoder writeOptional(Optional<T> value, BiConsumer<XdrEncoder, T> writer) {
        writeBool(value.isPresent());
        value.ifPresent(v -> writer.accept(this, v));
        return this;
    }

    public <T> XdrEncoder writeArray(Collection<T> values, BiConsumer<XdrEncoder, T> writer) {
        writeInt(values.size());
        for (T v : values) {
            writer.accept(this, v);
        }
        return this;
    }

    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
