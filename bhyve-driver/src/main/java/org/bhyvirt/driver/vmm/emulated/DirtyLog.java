package org.bhyvirt.driver.vmm.emulated;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.MemoryLayout;

/**
 * The emulator's dirty bitmap file, mapped shared: bit {@code p % 64} of the little-endian 64-bit word at
 * offset {@code (p / 64) * 8} is page {@code p}. {@link #collectAndClear} exchanges every non-zero word with
 * zero atomically ({@code getAndSet} on an aligned long of the mapping), so it never loses a bit the guest
 * sets concurrently with its atomic OR (see the package documentation).
 */
final class DirtyLog {
    private static final VarHandle WORDS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final MappedByteBuffer map;
    private final long pages;
    private final int words;

    private DirtyLog(MappedByteBuffer map, long pages, int words) {
        this.map = map;
        this.pages = pages;
        this.words = words;
    }

    /** Maps {@code file}, which must hold {@code layout.dirtyBitmapWords() * 8} bytes. */
    static DirtyLog map(Path file, MemoryLayout layout) throws IOException {
        long bytes = layout.dirtyBitmapWords() * 8;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() != bytes) {
                throw new IOException("dirty bitmap " + file + " holds " + ch.size() + " bytes, " + layout.pages()
                        + " pages need " + bytes);
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
            return new DirtyLog(m, layout.pages(), (int) layout.dirtyBitmapWords());
        }
    }

    /** Detaches the bitmap from its file (see {@link LinuxFiles#detach}); later reads see no dirty page. */
    void release() {
        LinuxFiles.detach(map);
    }

    /** Takes and clears every set bit; bits beyond the last page are dropped. */
    DirtyPages collectAndClear() {
        long[] out = new long[words];
        for (int k = 0; k < words; k++) {
            int off = k * 8;
            if ((long) WORDS.getAcquire(map, off) != 0) {
                out[k] = (long) WORDS.getAndSet(map, off, 0L);
            }
        }
        if (pages % 64 != 0 && words > 0) {
            out[words - 1] &= (1L << (pages % 64)) - 1;
        }
        return new DirtyPages(pages, out);
    }

    /** Number of bits set now (without clearing). */
    long count() {
        long n = 0;
        for (int k = 0; k < words; k++) {
            n += Long.bitCount((long) WORDS.getAcquire(map, k * 8));
        }
        return n;
    }
}
