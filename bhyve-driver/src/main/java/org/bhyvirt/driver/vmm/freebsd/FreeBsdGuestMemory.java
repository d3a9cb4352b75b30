package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.MemorySegment;

/**
 * Guest memory over native mappings, one per segment: on FreeBSD each is
 * {@code mmap(/dev/vmm/NAME, offset = segment GPA)} as libvmmapi maps it, so lowmem comes from GPA 0 and
 * highmem from GPA 4 GiB and nothing is copied into the Java heap. Views are direct buffers over the
 * mapping; a view never crosses a segment or a 1 GiB window of dense page indices (the port's
 * {@link #windowPages()} contract, which lowmem's 3 GiB limit keeps aligned).
 */
public final class FreeBsdGuestMemory implements GuestMemory {

    static final int WINDOW_PAGES = 1 << 18;
    private static final int PAGE = MemoryLayout.PAGE_SIZE;
    private final MemoryLayout layout;
    private final Pointer[] bases;

    /** Memory of {@code layout} whose segment {@code i} starts at native address {@code bases[i]}. */
    public FreeBsdGuestMemory(MemoryLayout layout, Pointer... bases) {
        if (bases.length != layout.segments().size()) {
            throw new IllegalArgumentException(layout.segments().size() + " segments need as many mappings, not "
                    + bases.length);
        }
        this.layout = layout;
        this.bases = bases.clone();
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
        int seg = segmentIndex(firstPage);
        MemorySegment s = layout.segments().get(seg);
        long last = firstPage + count - 1;
        if (!s.containsPage(last) || firstPage / WINDOW_PAGES != last / WINDOW_PAGES) {
            throw new IndexOutOfBoundsException("pages " + firstPage + ".." + last
                    + " cross a segment or a " + WINDOW_PAGES + "-page window boundary");
        }
        return bases[seg].getByteBuffer((firstPage - s.firstPage()) * PAGE, (long) count * PAGE)
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    private int segmentIndex(long page) {
        for (int i = 0; i < layout.segments().size(); i++) {
            if (layout.segments().get(i).containsPage(page)) {
                return i;
            }
        }
        throw new IndexOutOfBoundsException("page " + page + " outside the guest's pages 0.." + (layout.pages() - 1));
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
        int seg = segmentIndex(layout.pageOfGpa(gpa));
        MemorySegment s = layout.segments().get(seg);
        if (!s.containsGpa(gpa + len - 1)) {
            throw new IndexOutOfBoundsException("guest physical range 0x" + Long.toHexString(gpa) + "+" + len
                    + " leaves its " + s.kind() + " segment");
        }
        ByteBuffer mem = bases[seg].getByteBuffer(gpa - s.gpa(), len);
        if (read) {
            buf.put(mem);
        } else {
            mem.put(buf);
        }
    }
}
