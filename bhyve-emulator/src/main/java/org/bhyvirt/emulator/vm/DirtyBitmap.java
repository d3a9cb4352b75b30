package org.bhyvirt.emulator.vm;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The VM's dirty page bitmap, shared with other processes through its file: bit {@code p % 64} of the
 * little-endian 64-bit word {@code p / 64} is page {@code p} of the memory file (lowmem pages, then
 * highmem pages). The guest sets a page's bit after its write to that page is complete
 * ({@link #markDirty}); a migration side clears the bit before it copies the page
 * ({@link #testAndClear}). Both are atomic read-modify-writes on the shared mapping, so no write
 * is ever lost between the two.
 */
public final class DirtyBitmap implements AutoCloseable {
    private final MappedFile file;
    private final long pages;

    private DirtyBitmap(MappedFile file, long pages) {
        this.file = file;
        this.pages = pages;
    }

    /** Maps the bitmap of {@code layout} at {@code path}; {@code fresh} clears it. */
    public static DirtyBitmap open(Path path, MemoryLayout layout, boolean fresh) throws IOException {
        return new DirtyBitmap(MappedFile.open(path, layout.dirtyBitmapBytes(), fresh), layout.pages());
    }

    /** Sets page {@code p}'s bit (the guest's side, after the write completed). */
    public void markDirty(long p) {
        checkPage(p);
        file.getAndOrLong((p >>> 6) * 8, 1L << (p & 63));
    }

    /** Clears page {@code p}'s bit and says whether it was set (the migration side, before copying). */
    public boolean testAndClear(long p) {
        checkPage(p);
        long bit = 1L << (p & 63);
        return (file.getAndAndLong((p >>> 6) * 8, ~bit) & bit) != 0;
    }

    /** Whether page {@code p}'s bit is set. */
    public boolean isDirty(long p) {
        checkPage(p);
        return (file.getLongAcquire((p >>> 6) * 8) & (1L << (p & 63))) != 0;
    }

    /** Number of set bits. */
    public long count() {
        long n = 0;
        for (long w = 0; w < file.size(); w += 8) {
            n += Long.bitCount(file.getLongAcquire(w));
        }
        return n;
    }

    private void checkPage(long p) {
        if (p < 0 || p >= pages) {
            throw new IndexOutOfBoundsException("page " + p + " outside 0.." + (pages - 1));
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
