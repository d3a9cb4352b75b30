package org.bhyvirt.emulator.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file mapped {@code MAP_SHARED} in chunks of at most 1 GiB, so other processes mapping the same file
 * see every store. Offsets are longs across the whole file; aligned 32- and 64-bit words are accessed
 * little-endian, atomically where stated. The file is grown with {@code ftruncate}, so it stays sparse.
 */
public final class MappedFile implements AutoCloseable {
    static final long CHUNK = 1L << 30;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private final FileChannel channel;
    private final MappedByteBuffer[] chunks;
    private final long size;

    private MappedFile(FileChannel channel, long size) throws IOException {
        this.channel = channel;
        this.size = size;
        int n = (int) ((size + CHUNK - 1) / CHUNK);
        chunks = new MappedByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long off = i * CHUNK;
            chunks[i] = channel.map(FileChannel.MapMode.READ_WRITE, off, Math.min(CHUNK, size - off));
            chunks[i].order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * Maps {@code file} with {@code size} bytes. With {@code fresh} the old contents are dropped first
     * (truncate to 0, then grow), so every page reads as zero and costs no memory until written.
     */
    public static MappedFile open(Path file, long size, boolean fresh) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            if (fresh) {
                raf.setLength(0);
            }
            raf.setLength(size);
            return new MappedFile(raf.getChannel(), size);
        } catch (IOException e) {
            throw new IOException("cannot map " + file + ": " + e.getMessage(), e);
        }
    }

    /** Bytes mapped. */
    public long size() {
        return size;
    }

    /** A view of {@code length} bytes at {@code offset}; the range must not cross a 1 GiB boundary. */
    public ByteBuffer slice(long offset, int length) {
        ByteBuffer b = chunks[(int) (offset / CHUNK)].slice((int) (offset % CHUNK), length);
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Plain 64-bit load. */
    public long getLong(long offset) {
        return chunks[(int) (offset / CHUNK)].getLong((int) (offset % CHUNK));
    }

    /** Plain 64-bit store. */
    public void putLong(long offset, long value) {
        chunks[(int) (offset / CHUNK)].putLong((int) (offset % CHUNK), value);
    }

    /** 32-bit load with acquire semantics (offset 4-aligned). */
    public int getIntAcquire(long offset) {
        return (int) INTS.getAcquire(chunks[(int) (offset / CHUNK)], (int) (offset % CHUNK));
    }

    /** 32-bit store with release semantics (offset 4-aligned). */
    public void putIntRelease(long offset, int value) {
        INTS.setRelease(chunks[(int) (offset / CHUNK)], (int) (offset % CHUNK), value);
    }

    /** 64-bit load with acquire semantics (offset 8-aligned). */
    public long getLongAcquire(long offset) {
        return (long) LONGS.getAcquire(chunks[(int) (offset / CHUNK)], (int) (offset % CHUNK));
    }

    /** Atomic 64-bit OR (offset 8-aligned); returns the old value. */
    public long getAndOrLong(long offset, long bits) {
        return (long) LONGS.getAndBitwiseOr(chunks[(int) (offset / CHUNK)], (int) (offset % CHUNK), bits);
    }

    /** Atomic 64-bit AND (offset 8-aligned); returns the old value. */
    public long getAndAndLong(long offset, long bits) {
        return (long) LONGS.getAndBitwiseAnd(chunks[(int) (offset / CHUNK)], (int) (offset % CHUNK), bits);
    }

    /** Closes the channel; the mappings stay valid until they are collected. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
