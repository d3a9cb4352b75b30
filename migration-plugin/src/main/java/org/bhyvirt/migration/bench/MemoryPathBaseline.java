package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The memory path's own limit, next to {@link LoopbackBaseline}: the same bytes copied from one mapped
 * tmpfs file (as the source's guest memory is) through one loopback TCP connection into another mapped
 * tmpfs file whose pages were allocated first (as the destination's pre-allocated guest memory is), 1 MiB
 * writes and reads straight from and into the mappings, no protocol. Where {@link LoopbackBaseline}'s
 * cache-resident 1 MiB buffers never touch DRAM, this pays what any migration of real memory pays: reading
 * the source's pages from DRAM and writing the destination's. Only the copy is timed (from the connect to
 * the last byte read); filling and allocating the two files come before. Both files are unmapped and
 * removed after.
 */
public final class MemoryPathBaseline {
    private static final int CHUNK = 1 << 20;
    private static final long WINDOW = 1L << 30;

    private MemoryPathBaseline() {
    }

    /** Copies {@code bytes} (whole MiB) between two files created in {@code dir} and measures it. */
    public static LoopbackBaseline.Result copy(long bytes, Path dir) throws IOException, InterruptedException {
        long size = bytes / CHUNK * CHUNK;
        if (size <= 0) {
            throw new IllegalArgumentException("cannot copy " + bytes + " bytes in whole MiB");
        }
        Path src = dir.resolve("memory-baseline-source");
        Path dst = dir.resolve("memory-baseline-destination");
        try (FileChannel s = FileChannel.open(src, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             FileChannel d = FileChannel.open(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            fill(s, size);
            d.write(ByteBuffer.allocate(1), size - 1);
            List<MappedByteBuffer> from = map(s, size);
            List<MappedByteBuffer> to = map(d, size);
            for (MappedByteBuffer m : to) {
                for (int k = 0; k < m.capacity(); k += 4096) {
                    m.put(k, (byte) 0); // allocate every page before the timed copy
                }
            }
            try {
                return timed(from, to, size);
            } finally {
                unmap(from);
                unmap(to);
            }
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(dst);
        }
    }

    /**
     * Unmaps this baseline's own buffers now (nothing else holds them): left to the garbage collector,
     * the unmap of gigabytes would fall into a later scenario and stall its page faults.
     */
    private static void unmap(List<MappedByteBuffer> maps) {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
            for (MappedByteBuffer m : maps) {
                unsafe.invokeCleaner(m);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("[bench] the memory-path baseline's mappings stay until collected: " + e);
        }
    }

    private static void fill(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(CHUNK);
        SplittableRandom r = new SplittableRandom(0x5eed);
        while (b.remaining() >= 8) {
            b.putLong(r.nextLong());
        }
        for (long off = 0; off < size; off += CHUNK) {
            b.clear();
            while (b.hasRemaining()) {
                ch.write(b, off + b.position());
            }
        }
    }

    private static List<MappedByteBuffer> map(FileChannel ch, long size) throws IOException {
        List<MappedByteBuffer> maps = new ArrayList<>();
        for (long off = 0; off < size; off += WINDOW) {
            maps.add(ch.map(FileChannel.MapMode.READ_WRITE, off, Math.min(WINDOW, size - off)));
        }
        return maps;
    }

    private static LoopbackBaseline.Result timed(List<MappedByteBuffer> from, List<MappedByteBuffer> to, long size)
            throws IOException, InterruptedException {
        LoopbackBaseline.Result r = LoopbackBaseline.timed("memory-path", out -> {
            for (MappedByteBuffer m : from) {
                for (int off = 0; off < m.capacity(); off += CHUNK) {
                    ByteBuffer b = m.slice(off, Math.min(CHUNK, m.capacity() - off));
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            }
        }, in -> {
            long total = 0;
            for (MappedByteBuffer m : to) {
                ByteBuffer b = m.duplicate().clear();
                while (b.hasRemaining()) {
                    int n = in.read(b);
                    if (n < 0) {
                        return total;
                    }
                    total += n;
                }
            }
            return total;
        });
        if (r.bytes() != size) {
            throw new IOException("the memory-path receiver read " + r.bytes() + " of " + size + " bytes");
        }
        return r;
    }
}
