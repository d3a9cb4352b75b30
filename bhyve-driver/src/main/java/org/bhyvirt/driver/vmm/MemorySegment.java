package org.bhyvirt.driver.vmm;

import java.util.Objects;

/**
 * One contiguous range of guest physical memory: it starts at guest physical address {@code gpa},
 * holds {@code bytes} bytes (a whole number of pages) and its first page has dense index
 * {@code firstPage} (see the package documentation).
 *
 * @param kind      lowmem or highmem
 * @param gpa       guest physical address of the first byte
 * @param bytes     size in bytes, a multiple of {@link MemoryLayout#PAGE_SIZE}
 * @param firstPage dense page index of the first page
 */
public record MemorySegment(Kind kind, long gpa, long bytes, long firstPage) {

    /** Which of bhyve's two system memory segments this is. */
    public enum Kind {
        /** GPA 0 up to at most 3 GiB. */
        LOWMEM,
        /** From GPA 4 GiB: the memory above the 3 GiB lowmem limit. */
        HIGHMEM
    }

    public MemorySegment {
        Objects.requireNonNull(kind, "kind");
        if (gpa < 0 || bytes <= 0 || bytes % MemoryLayout.PAGE_SIZE != 0 || gpa % MemoryLayout.PAGE_SIZE != 0
                || firstPage < 0) {
            throw new IllegalArgumentException("bad memory segment " + kind + " gpa=" + gpa + " bytes=" + bytes
                    + " firstPage=" + firstPage);
        }
    }

    /** Number of pages. */
    public long pages() {
        return bytes / MemoryLayout.PAGE_SIZE;
    }

    /** One past the last dense page index of this segment. */
    public long endPage() {
        return firstPage + pages();
    }

    /** One past the last guest physical address. */
    public long endGpa() {
        return gpa + bytes;
    }

    /** Whether dense page {@code page} lies in this segment. */
    public boolean containsPage(long page) {
        return page >= firstPage && page < endPage();
    }

    /** Whether guest physical address {@code address} lies in this segment. */
    public boolean containsGpa(long address) {
        return address >= gpa && address < endGpa();
    }
}
