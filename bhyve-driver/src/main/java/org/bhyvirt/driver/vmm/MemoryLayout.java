package org.bhyvirt.driver.vmm;

import java.util.List;

/**
 * A guest's memory layout as bhyve lays it out: lowmem from GPA 0 holds {@code min(memsize, 3 GiB)},
 * highmem from GPA 4 GiB holds the rest (absent for guests of at most 3 GiB). Page indices are dense,
 * lowmem then highmem; {@link #gpaOfPage} and {@link #pageOfGpa} convert, refusing addresses in the hole
 * between 3 GiB and 4 GiB or beyond the guest.
 *
 * @param memoryBytes the guest's memory size ({@code -m}), a positive multiple of the page size
 * @param segments    lowmem, then highmem if any
 */
public record MemoryLayout(long memoryBytes, List<MemorySegment> segments) {
    /** Page size: 4 KiB. */
    public static final int PAGE_SIZE = 4096;
    /** log2 of {@link #PAGE_SIZE}. */
    public static final int PAGE_SHIFT = 12;
    /** bhyve's lowmem limit: 3 GiB. */
    public static final long LOWMEM_LIMIT = 3L << 30;
    /** Where highmem starts: 4 GiB. */
    public static final long HIGHMEM_BASE = 4L << 30;

    public MemoryLayout {
        segments = List.copyOf(segments);
        long total = 0;
        long nextPage = 0;
        for (MemorySegment s : segments) {
            if (s.firstPage() != nextPage) {
                throw new IllegalArgumentException("segment " + s.kind() + " starts at page " + s.firstPage()
                        + ", expected " + nextPage + " (page indices are dense)");
            }
            nextPage = s.endPage();
            total += s.bytes();
        }
        if (segments.isEmpty() || total != memoryBytes) {
            throw new IllegalArgumentException("segments hold " + total + " bytes, the guest has " + memoryBytes);
        }
    }

    /** bhyve's layout of a guest with {@code memoryBytes} of memory. */
    public static MemoryLayout of(long memoryBytes) {
        if (memoryBytes <= 0 || memoryBytes % PAGE_SIZE != 0) {
            throw new IllegalArgumentException("guest memory size " + memoryBytes
                    + " is not a positive multiple of " + PAGE_SIZE);
        }
        long low = Math.min(memoryBytes, LOWMEM_LIMIT);
        long high = memoryBytes - low;
        MemorySegment lowmem = new MemorySegment(MemorySegment.Kind.LOWMEM, 0, low, 0);
        if (high == 0) {
            return new MemoryLayout(memoryBytes, List.of(lowmem));
        }
        return new MemoryLayout(memoryBytes, List.of(lowmem,
                new MemorySegment(MemorySegment.Kind.HIGHMEM, HIGHMEM_BASE, high, lowmem.endPage())));
    }

    /** Total number of pages (the dense index space is {@code 0 .. pages()-1}). */
    public long pages() {
        return memoryBytes / PAGE_SIZE;
    }

    /** Bytes of lowmem. */
    public long lowmemBytes() {
        return segments.get(0).bytes();
    }

    /** Bytes of highmem (0 when the guest has none). */
    public long highmemBytes() {
        return segments.size() > 1 ? segments.get(1).bytes() : 0;
    }

    /** The segment holding dense page {@code page}; IndexOutOfBoundsException outside the guest. */
    public MemorySegment segmentOfPage(long page) {
        for (MemorySegment s : segments) {
            if (s.containsPage(page)) {
                return s;
            }
        }
        throw new IndexOutOfBoundsException("page " + page + " outside the guest's pages 0.." + (pages() - 1));
    }

    /** The guest physical address of dense page {@code page}. */
    public long gpaOfPage(long page) {
        MemorySegment s = segmentOfPage(page);
        return s.gpa() + ((page - s.firstPage()) << PAGE_SHIFT);
    }

    /** The dense index of the page holding guest physical address {@code gpa}. */
    public long pageOfGpa(long gpa) {
        for (MemorySegment s : segments) {
            if (s.containsGpa(gpa)) {
                return s.firstPage() + ((gpa - s.gpa()) >>> PAGE_SHIFT);
            }
        }
        throw new IndexOutOfBoundsException("guest physical address 0x" + Long.toHexString(gpa)
                + " is not guest memory (lowmem 0x0..0x" + Long.toHexString(lowmemBytes())
                + (highmemBytes() > 0 ? ", highmem 0x" + Long.toHexString(HIGHMEM_BASE) + "..0x"
                        + Long.toHexString(HIGHMEM_BASE + highmemBytes()) : "") + ")");
    }

    /** 64-bit words of a dirty bitmap of this guest: one bit per page, rounded up. */
    public long dirtyBitmapWords() {
        return (pages() + 63) / 64;
    }
}
