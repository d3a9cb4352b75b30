package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.Pointer;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.MemoryLayout;

/**
 * Conversions between the UPB patch's dirty page list (one byte per page, dense lowmem-then-highmem
 * order as {@code VM_GET_DIRTY_PAGE_LIST} fills it, non-zero = dirty) and the port's
 * {@link DirtyPages} bitmap, plus the migration segments the patch's ioctls expect (lowmem from 0,
 * highmem from 4 GiB, or an empty segment when the guest has no highmem). Pure functions.
 */
public final class PageLists {

    private PageLists() {
    }

    /** The bitmap of the {@code pages}-byte list at {@code list} (read in 64-page blocks). */
    public static DirtyPages toDirtyPages(Pointer list, long pages) {
        long[] words = new long[(int) ((pages + 63) / 64)];
        byte[] block = new byte[64];
        for (int w = 0; w < words.length; w++) {
            long base = (long) w * 64;
            int n = (int) Math.min(64, pages - base);
            list.read(base, block, 0, n);
            long bits = 0;
            for (int i = 0; i < n; i++) {
                if (block[i] != 0) {
                    bits |= 1L << i;
                }
            }
            words[w] = bits;
        }
        return new DirtyPages(pages, words);
    }

    /** Fills the low and high migration segments of {@code layout} as vm_set_vmm_migration_segments does. */
    public static void fillSegments(MemoryLayout layout, VmmStructs.MigrationSegment lowmem,
            VmmStructs.MigrationSegment highmem) {
        lowmem.start = 0;
        lowmem.end = layout.lowmemBytes();
        if (layout.highmemBytes() > 0) {
            highmem.start = MemoryLayout.HIGHMEM_BASE;
            highmem.end = MemoryLayout.HIGHMEM_BASE + layout.highmemBytes();
        } else {
            highmem.start = 0;
            highmem.end = 0;
        }
    }
}
