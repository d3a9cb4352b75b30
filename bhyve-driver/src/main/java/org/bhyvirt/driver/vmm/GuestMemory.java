package org.bhyvirt.driver.vmm;

import java.nio.ByteBuffer;

/**
 * A live view of a VM's guest memory, mapped shared with the guest: reads see the guest's writes and
 * writes are seen by the guest. Nothing is copied into the Java heap except what a caller asks for,
 * so a 16 GiB guest costs only address space. Pages are addressed by dense page index or by guest
 * physical address (see {@link MemoryLayout}). Reads of a page the guest is writing at the same time
 * may see a mix of old and new bytes; the dirty-page rule ({@link Vmm#collectAndClearDirty()}) makes
 * such a page dirty again, so a pre-copy loop recopies it. Out-of-range pages or addresses throw
 * {@link IndexOutOfBoundsException}. Instances are safe for concurrent use on distinct pages.
 */
public interface GuestMemory {

    /** The layout this view covers. */
    MemoryLayout layout();

    /**
     * Pages per mapping window: a {@link #view} never crosses a multiple of this many pages. A power of
     * two, at least 512 (2 MiB).
     */
    int windowPages();

    /**
     * A direct buffer over {@code count} pages from {@code firstPage} (no copy; position 0, limit
     * {@code count * 4096}). The pages must lie in one segment and one window; otherwise
     * IndexOutOfBoundsException. Valid until the {@link Vmm} is closed.
     */
    ByteBuffer view(long firstPage, int count);

    /** Copies page {@code page} into {@code dst} at its position (4096 bytes; the position advances). */
    default void readPage(long page, ByteBuffer dst) {
        dst.put(view(page, 1));
    }

    /** Copies 4096 bytes from {@code src} at its position into page {@code page} (the position advances). */
    default void writePage(long page, ByteBuffer src) {
        int pageSize = MemoryLayout.PAGE_SIZE;
        if (src.remaining() < pageSize) {
            throw new IndexOutOfBoundsException("a page write needs 4096 bytes, " + src.remaining() + " remain");
        }
        view(page, 1).put(src.slice(src.position(), pageSize));
        src.position(src.position() + pageSize);
    }

    /**
     * Copies {@code dst.remaining()} bytes from guest physical address {@code gpa} into {@code dst}; the
     * range must lie within one segment.
     */
    void read(long gpa, ByteBuffer dst);

    /** Copies {@code src.remaining()} bytes from {@code src} to guest physical address {@code gpa} (one segment). */
    void write(long gpa, ByteBuffer src);

    /**
     * The first page at or after {@code from} that may hold non-zero bytes, or {@code layout().pages()}
     * when none does; every page from {@code from} up to the answer reads as zero without having been
     * read (so a sender can skip memory the guest never touched without faulting it in). A hint that
     * only errs towards "may hold data": the default answers {@code from} (every page may).
     * IndexOutOfBoundsException when {@code from} is outside {@code 0..layout().pages()}.
     */
    default long nextDataPage(long from) {
        checkPageBound(from);
        return from;
    }

    /**
     * The first page at or after {@code from} known to read as zero, or {@code layout().pages()} when
     * no later page is known to; with {@link #nextDataPage} it splits memory into extents that may hold
     * data and extents that surely do not. The default knows of none ({@code layout().pages()}).
     * IndexOutOfBoundsException when {@code from} is outside {@code 0..layout().pages()}.
     */
    default long nextZeroExtent(long from) {
        checkPageBound(from);
        return layout().pages();
    }

    /**
     * Makes every page of this memory resident and mapped writable now, so later writes take no page
     * fault and no allocation (a migration destination calls it before the stream starts). The default
     * does nothing (memory a hypervisor already wires, such as bhyve's {@code -S}, needs nothing).
     */
    default void populate() {
    }

    private void checkPageBound(long from) {
        if (from < 0 || from > layout().pages()) {
            throw new IndexOutOfBoundsException("page " + from + " outside 0.." + layout().pages());
        }
    }

    /** Whether every byte of page {@code page} is zero (read in place, no copy). */
    default boolean isZeroPage(long page) {
        ByteBuffer b = view(page, 1);
        for (int k = 0; k < MemoryLayout.PAGE_SIZE; k += Long.BYTES) {
            if (b.getLong(k) != 0) {
                return false;
            }
        }
        return true;
    }
}
