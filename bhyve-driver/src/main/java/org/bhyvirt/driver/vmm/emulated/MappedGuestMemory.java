package org.bhyvirt.driver.vmm.emulated;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.MemorySegment;

/**
 * The emulator's memory file mapped shared in 1 GiB windows (file offset = dense page index * 4096:
 * lowmem then highmem, see the package documentation of {@code org.bhyvirt.driver.vmm}). Windows are
 * 1 GiB aligned, and both segment boundaries (3 GiB, the end) fall on page boundaries, so a run of
 * pages inside one window and one segment is one contiguous slice. The file's holes (pages the guest
 * never wrote) are found with {@code SEEK_DATA} / {@code SEEK_HOLE}, so they can be skipped without
 * reading them (reading a hole through a shared tmpfs mapping would allocate it); without that support
 * every page counts as possibly holding data. {@link #release()} takes the file's pages out of this
 * process at once rather than whenever the garbage collector frees the buffers: a collector's unmap of
 * gigabytes, at an unknown time, would stall every page fault of this JVM (another migration's downtime)
 * and keep a deleted memory file's RAM allocated until then.
 */
final class MappedGuestMemory implements GuestMemory {
    static final int WINDOW_PAGES = 1 << 18;
    private static final long WINDOW_BYTES = (long) WINDOW_PAGES * MemoryLayout.PAGE_SIZE;
    private static final int PAGE = MemoryLayout.PAGE_SIZE;
    private final MemoryLayout layout;
    private final MappedByteBuffer[] windows;
    private final Path file;

    private MappedGuestMemory(MemoryLayout layout, MappedByteBuffer[] windows, Path file) {
        this.layout = layout;
        this.windows = windows;
        this.file = file;
    }

    /** Maps {@code file}, which must hold exactly {@code layout.memoryBytes()} bytes. */
    static MappedGuestMemory map(Path file, MemoryLayout layout) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size != layout.memoryBytes()) {
                throw new IOException("memory file " + file + " holds " + size + " bytes, the layout "
                        + layout.memoryBytes());
            }
            int n = (int) ((size + WINDOW_BYTES - 1) / WINDOW_BYTES);
            MappedByteBuffer[] w = new MappedByteBuffer[n];
            for (int k = 0; k < n; k++) {
                long off = k * WINDOW_BYTES;
                w[k] = ch.map(FileChannel.MapMode.READ_WRITE, off, Math.min(WINDOW_BYTES, size - off));
                w[k].order(ByteOrder.LITTLE_ENDIAN);
            }
            return new MappedGuestMemory(layout, w, file);
        }
    }

    @Override
    public MemoryLayout layout() {
        return layout;
    }

    @Override
    public int windowPages() {
        return WINDOW_PAGES;
    }

    @Override
    public ByteBuffer view(long firstPage, int count) {
        if (count <= 0) {
            throw new IndexOutOfBoundsException("a view needs at least one page, not " + count);
        }
        MemorySegment s = layout.segmentOfPage(firstPage);
        long last = firstPage + count - 1;
        if (!s.containsPage(last) || firstPage / WINDOW_PAGES != last / WINDOW_PAGES) {
            throw new IndexOutOfBoundsException("pages " + firstPage + ".." + last
                    + " cross a segment or a " + WINDOW_PAGES + "-page window boundary");
        }
        return slice(firstPage * PAGE, count * PAGE);
    }

    private ByteBuffer slice(long offset, int length) {
        return windows[(int) (offset / WINDOW_BYTES)].slice((int) (offset % WINDOW_BYTES), length)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public long nextDataPage(long from) {
        checkBound(from);
        if (from == layout.pages()) {
            return from;
        }
        long off = LinuxFiles.nextData(file, from * PAGE);
        if (off == LinuxFiles.UNKNOWN) {
            return from;
        }
        return off == LinuxFiles.NONE ? layout.pages() : Math.max(from, Math.min(layout.pages(), off / PAGE));
    }

    @Override
    public long nextZeroExtent(long from) {
        checkBound(from);
        if (from == layout.pages()) {
            return from;
        }
        long off = LinuxFiles.nextHole(file, from * PAGE);
        if (off == LinuxFiles.UNKNOWN) {
            return layout.pages();
        }
        return Math.max(from, Math.min(layout.pages(), (off + PAGE - 1) / PAGE));
    }

    private void checkBound(long from) {
        if (from < 0 || from > layout.pages()) {
            throw new IndexOutOfBoundsException("page " + from + " outside 0.." + layout.pages());
        }
    }

    /**
     * Detaches every window from the memory file ({@link LinuxFiles#detach}); views handed out before
     * then read zeros afterwards and never reach the file. Where the kernel cannot, the garbage
     * collector unmaps the windows later, as before. Returns the windows detached.
     */
    int release() {
        int n = 0;
        for (MappedByteBuffer w : windows) {
            if (LinuxFiles.detach(w)) {
                n++;
            }
        }
        return n;
    }

    /** Populates every window with MADV_POPULATE_WRITE; where the kernel cannot, writes each page's first byte back. */
    @Override
    public void populate() {
        for (MappedByteBuffer w : windows) {
            if (!LinuxFiles.populateWritable(w)) {
                for (int k = 0; k < w.capacity(); k += PAGE) {
                    w.put(k, w.get(k));
                }
            }
        }
    }

    /** Reads the page in place in its window (no slice, no allocation), stopping at the first non-zero long. */
    @Override
    public boolean isZeroPage(long page) {
        if (page < 0 || page >= layout.pages()) {
            throw new IndexOutOfBoundsException("page " + page + " outside 0.." + (layout.pages() - 1));
        }
        MappedByteBuffer w = windows[(int) (page / WINDOW_PAGES)];
        int base = (int) (page % WINDOW_PAGES) * PAGE;
        for (int k = base; k < base + PAGE; k += Long.BYTES) {
            if (w.getLong(k) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void read(long gpa, ByteBuffer dst) {
        transfer(gpa, dst, true);
    }

    @Override
    public void write(long gpa, ByteBuffer src) {
        transfer(gpa, src, false);
    }

    private void transfer(long gpa, ByteBuffer buf, boolean read) {
        int len = buf.remaining();
        if (len == 0) {
            return;
        }
        long firstPage = layout.pageOfGpa(gpa);
        MemorySegment s = layout.segmentOfPage(firstPage);
        if (!s.containsGpa(gpa + len - 1)) {
            throw new IndexOutOfBoundsException("guest physical range 0x" + Long.toHexString(gpa) + "+" + len
                    + " leaves its " + s.kind() + " segment");
        }
        long offset = firstPage * PAGE + (gpa & (PAGE - 1));
        while (buf.hasRemaining()) {
            int inWindow = (int) Math.min(buf.remaining(), WINDOW_BYTES - offset % WINDOW_BYTES);
            ByteBuffer mem = slice(offset, inWindow);
            if (read) {
                buf.put(mem);
            } else {
                ByteBuffer part = buf.slice(buf.position(), inWindow);
                mem.put(part);
                buf.position(buf.position() + inWindow);
            }
            offset += inWindow;
        }
    }
}
