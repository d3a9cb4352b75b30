package org.bhyvirt.emulator.vm;

/**
 * Guest physical memory as bhyve lays it out: lowmem = min(size, 3 GiB) at GPA 0 and the rest as
 * highmem at GPA 4 GiB. Pages are 4 KiB and numbered through the memory file: lowmem pages first,
 * then highmem pages, so page {@code p} is at file offset {@code p * 4096}.
 */
public record MemoryLayout(long memBytes) {
    /** Page size. */
    public static final int PAGE_SIZE = 4096;
    /** Where lowmem ends at most (bhyve's default lowmem limit). */
    public static final long LOWMEM_LIMIT = 3L << 30;
    /** Where highmem starts in guest physical address space. */
    public static final long HIGHMEM_BASE = 4L << 30;

    /** A layout of {@code memBytes}, which must be a positive multiple of the page size. */
    public MemoryLayout {
        if (memBytes <= 0 || memBytes % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("memory size " + memBytes + " is not a positive multiple of 4 KiB");
        }
    }

    /** Bytes of lowmem. */
    public long lowmem() {
        return Math.min(memBytes, LOWMEM_LIMIT);
    }

    /** Bytes of highmem. */
    public long highmem() {
        return memBytes - lowmem();
    }

    /** Number of pages in all. */
    public long pages() {
        return memBytes / PAGE_SIZE;
    }

    /** Guest physical address of page {@code p}. */
    public long gpa(long page) {
        long off = page * PAGE_SIZE;
        return off < lowmem() ? off : HIGHMEM_BASE + (off - lowmem());
    }

    /** Bytes of the dirty bitmap: one bit per page, rounded up to whole 64-bit words. */
    public long dirtyBitmapBytes() {
        return (pages() + 63) / 64 * 8;
    }
}
