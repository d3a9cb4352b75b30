package org.bhyvirt.emulator.guest;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.bhyvirt.emulator.vm.DirtyBitmap;
import org.bhyvirt.emulator.vm.MappedFile;
import org.bhyvirt.emulator.vm.MemoryLayout;

/**
 * The emulated guest's view of its memory: a header page, a generation table and self-verifying data
 * pages, laid out as the package documentation of {@code org.bhyvirt.emulator} describes. Every store
 * the guest makes through this class sets the dirty bit of each page it touched after the store is
 * complete. One page is written by one vCPU at a time (the vCPUs own disjoint pages).
 */
public final class GuestMemory {
    /** "BHYVGST1" read as a little-endian long: marks an initialised header page. */
    public static final long HEADER_MAGIC = 0x3154534756594842L;
    /** Version of the in-memory layout. */
    public static final int LAYOUT_VERSION = 1;
    /** Generation-table flag: the page was last written as a zero page. */
    public static final int ZERO_FLAG = 0x8000_0000;
    static final int OFF_MAGIC = 0;
    static final int OFF_VERSION = 8;
    static final int OFF_VCPUS = 12;
    static final int OFF_MEMSIZE = 16;
    static final int OFF_BOOT_ID = 24;
    static final int OFF_UPTIME = 40;
    static final int OFF_TABLE_START = 48;
    static final int OFF_TABLE_PAGES = 56;
    static final int OFF_FIRST_DATA = 64;
    private static final int PAGE = MemoryLayout.PAGE_SIZE;
    private static final int CRC_OFFSET = PAGE - 8;

    /** What a page check found. */
    public enum PageVerdict {
        /** Never written (table entry 0): not checked. */
        UNTOUCHED,
        /** Content matches the table. */
        GOOD,
        /** A valid page of another generation (or zeros where data belongs): a lost write. */
        STALE,
        /** Bad checksum, wrong page number or garbage. */
        CORRUPT
    }

    private final MemoryLayout layout;
    private final MappedFile mem;
    private final DirtyBitmap dirty;
    private final long tableStart = 1;
    private final long tablePages;
    private final AtomicLong dirtyBitsToDrop = new AtomicLong();

    /** The guest structures of {@code mem} (of {@code layout}), marking writes in {@code dirty}. */
    public GuestMemory(MemoryLayout layout, MappedFile mem, DirtyBitmap dirty) {
        this.layout = layout;
        this.mem = mem;
        this.dirty = dirty;
        this.tablePages = (layout.pages() * 4 + PAGE - 1) / PAGE;
        if (firstDataPage() >= layout.pages()) {
            throw new IllegalArgumentException("guest memory of " + layout.memBytes() + " bytes has no room for data pages");
        }
    }

    /** The layout. */
    public MemoryLayout layout() {
        return layout;
    }

    /** First page after the header and the generation table. */
    public long firstDataPage() {
        return tableStart + tablePages;
    }

    /** Writes a fresh header page (a new boot) with {@code bootId} and uptime 0. */
    public void initHeader(int vcpus, UUID bootId) {
        mem.putLong(OFF_VERSION, LAYOUT_VERSION | ((long) vcpus << 32));
        mem.putLong(OFF_MEMSIZE, layout.memBytes());
        mem.putLong(OFF_BOOT_ID, bootId.getMostSignificantBits());
        mem.putLong(OFF_BOOT_ID + 8, bootId.getLeastSignificantBits());
        mem.putLong(OFF_UPTIME, 0);
        mem.putLong(OFF_TABLE_START, tableStart);
        mem.putLong(OFF_TABLE_PAGES, tablePages);
        mem.putLong(OFF_FIRST_DATA, firstDataPage());
        mem.putLong(OFF_MAGIC, HEADER_MAGIC);
        dirty.markDirty(0);
    }

    /** Whether the header page holds a valid header for this layout. */
    public boolean headerValid() {
        return mem.getLong(OFF_MAGIC) == HEADER_MAGIC && (int) mem.getLong(OFF_VERSION) == LAYOUT_VERSION
                && mem.getLong(OFF_MEMSIZE) == layout.memBytes() && mem.getLong(OFF_FIRST_DATA) == firstDataPage();
    }

    /** The boot id stored in the header. */
    public UUID bootId() {
        return new UUID(mem.getLong(OFF_BOOT_ID), mem.getLong(OFF_BOOT_ID + 8));
    }

    /** The uptime stored in the header, in ms of running time. */
    public long storedUptimeMs() {
        return mem.getLong(OFF_UPTIME);
    }

    /** Stores the uptime in the header. */
    public void storeUptimeMs(long ms) {
        mem.putLong(OFF_UPTIME, ms);
        dirty.markDirty(0);
    }

    /** The generation-table entry of page {@code p}. */
    public int tableEntry(long p) {
        return mem.getIntAcquire(tableStart * PAGE + p * 4);
    }

    private void setTableEntry(long p, int entry) {
        long off = tableStart * PAGE + p * 4;
        mem.putIntRelease(off, entry);
        dirty.markDirty(off / PAGE);
    }

    /** Writes page {@code p} as a data page of the next generation; returns that generation. */
    public int writeDataPage(long p) {
        int gen = nextGeneration(tableEntry(p));
        ByteBuffer b = mem.slice(p * PAGE, PAGE);
        b.putLong(0, p);
        b.putLong(8, gen);
        long seed = mix(p * 0x9E3779B97F4A7C15L ^ ((long) gen << 32));
        for (int i = 16; i < CRC_OFFSET; i += 8) {
            b.putLong(i, seed ^ (i * 0xBF58476D1CE4E5B9L));
        }
        b.putLong(CRC_OFFSET, crc(b));
        if (!dropThisDirtyBit()) {
            dirty.markDirty(p);
        }
        setTableEntry(p, gen);
        return gen;
    }

    /**
     * Test hook: the next {@code n} data-page writes do not set their page's dirty bit (their generation-table
     * update still does), so a copy driven by the dirty bitmap misses them and a self-check of the copy
     * finds them stale. Only a bhyve run with test hooks enabled calls this.
     */
    public void dropNextDirtyBits(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot drop " + n + " dirty bits");
        }
        dirtyBitsToDrop.set(n);
    }

    /** Dirty bits still to be dropped by the test hook. */
    public long dirtyBitsToDrop() {
        return dirtyBitsToDrop.get();
    }

    private boolean dropThisDirtyBit() {
        return dirtyBitsToDrop.get() > 0 && dirtyBitsToDrop.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    /** Writes page {@code p} as a zero page of the next generation. */
    public void writeZeroPage(long p) {
        int gen = nextGeneration(tableEntry(p));
        ByteBuffer b = mem.slice(p * PAGE, PAGE);
        for (int i = 0; i < PAGE; i += 8) {
            b.putLong(i, 0);
        }
        dirty.markDirty(p);
        setTableEntry(p, gen | ZERO_FLAG);
    }

    /** Checks page {@code p} against its table entry. */
    public PageVerdict verify(long p) {
        int entry = tableEntry(p);
        if (entry == 0) {
            return PageVerdict.UNTOUCHED;
        }
        ByteBuffer b = mem.slice(p * PAGE, PAGE);
        boolean zero = allZero(b);
        if ((entry & ZERO_FLAG) != 0) {
            if (zero) {
                return PageVerdict.GOOD;
            }
            return stampValid(b, p) ? PageVerdict.STALE : PageVerdict.CORRUPT;
        }
        if (zero) {
            return PageVerdict.STALE;
        }
        if (!stampValid(b, p)) {
            return PageVerdict.CORRUPT;
        }
        return b.getLong(8) == entry ? PageVerdict.GOOD : PageVerdict.STALE;
    }

    private static boolean stampValid(ByteBuffer b, long p) {
        return b.getLong(0) == p && b.getLong(CRC_OFFSET) == crc(b);
    }

    private static boolean allZero(ByteBuffer b) {
        for (int i = 0; i < PAGE; i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static long crc(ByteBuffer page) {
        CRC32C c = new CRC32C();
        c.update(page.duplicate().position(0).limit(CRC_OFFSET));
        return c.getValue();
    }

    private static int nextGeneration(int entry) {
        int g = (entry & ~ZERO_FLAG) + 1;
        return g == ZERO_FLAG || g <= 0 ? 1 : g;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
