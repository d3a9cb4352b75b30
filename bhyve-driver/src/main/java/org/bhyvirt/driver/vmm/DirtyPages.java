package org.bhyvirt.driver.vmm;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The pages found dirty by one {@link Vmm#collectAndClearDirty()}: a bitmap over the dense page
 * indices of a {@link MemoryLayout} (bit {@code p % 64} of word {@code p / 64}), so a 16 GiB guest's
 * 4 M pages take 512 KiB and no boxed objects. Immutable: the words are owned by this object and
 * never handed out except as a copy.
 */
public final class DirtyPages {
    private final long pages;
    private final long[] words;
    private final long count;

    /** Takes ownership of {@code words} (the caller must not keep them); bits at or beyond {@code pages} must be clear. */
    public DirtyPages(long pages, long[] words) {
        if (pages < 0 || words.length != (pages + 63) / 64) {
            throw new IllegalArgumentException("a bitmap of " + pages + " pages needs " + ((pages + 63) / 64)
                    + " words, got " + words.length);
        }
        if (pages % 64 != 0 && words.length > 0 && (words[words.length - 1] >>> (pages % 64)) != 0) {
            throw new IllegalArgumentException("bits beyond page " + (pages - 1) + " are set");
        }
        this.pages = pages;
        this.words = words;
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        this.count = n;
    }

    /** No page dirty, over {@code pages} pages. */
    public static DirtyPages none(long pages) {
        return new DirtyPages(pages, new long[(int) ((pages + 63) / 64)]);
    }

    /** Size of the page index space. */
    public long pages() {
        return pages;
    }

    /** Number of dirty pages. */
    public long count() {
        return count;
    }

    /** Whether no page is dirty. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** Whether page {@code page} is dirty. */
    public boolean isDirty(long page) {
        if (page < 0 || page >= pages) {
            throw new IndexOutOfBoundsException("page " + page + " outside 0.." + (pages - 1));
        }
        return (words[(int) (page >>> 6)] & (1L << (page & 63))) != 0;
    }

    /** The first dirty page at or after {@code from}, or -1 if there is none. */
    public long nextDirty(long from) {
        if (from < 0) {
            from = 0;
        }
        if (from >= pages) {
            return -1;
        }
        int i = (int) (from >>> 6);
        long w = words[i] & (-1L << (from & 63));
        while (true) {
            if (w != 0) {
                return ((long) i << 6) + Long.numberOfTrailingZeros(w);
            }
            if (++i == words.length) {
                return -1;
            }
            w = words[i];
        }
    }

    /** Calls {@code action} with every dirty page index in ascending order. */
    public void forEach(LongConsumer action) {
        for (int i = 0; i < words.length; i++) {
            long w = words[i];
            while (w != 0) {
                action.accept(((long) i << 6) + Long.numberOfTrailingZeros(w));
                w &= w - 1;
            }
        }
    }

    /** The dirty page indices in ascending order. */
    public long[] toPageIndices() {
        long[] out = new long[(int) count];
        int[] k = {0};
        forEach(p -> out[k[0]++] = p);
        return out;
    }

    /** A copy of the bitmap words. */
    public long[] copyWords() {
        return words.clone();
    }

    /** The union of this and {@code other} (same page count). */
    public DirtyPages union(DirtyPages other) {
        if (other.pages != pages) {
            throw new IllegalArgumentException("bitmaps of " + pages + " and " + other.pages + " pages");
        }
        long[] u = words.clone();
        for (int i = 0; i < u.length; i++) {
            u[i] |= other.words[i];
        }
        return new DirtyPages(pages, u);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirtyPages d && d.pages == pages && Arrays.equals(d.words, words);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pages) * 31 + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "DirtyPages[" + count + " of " + pages + "]";
    }
}
