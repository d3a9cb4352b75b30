package org.bhyvirt.migration.engine;

import java.nio.ByteBuffer;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.migration.protocol.PageSink;
import org.bhyvirt.migration.protocol.Protocol;

/**
 * The destination's page sink: a run's data is read from the socket straight into the incoming
 * VM's mapping (page numbers are GPA / 4096 on the wire, converted to the Vmm's dense indices;
 * the conversation has already checked a run lies in one segment). The incoming VM starts all
 * zero, so a ZERO run only clears pages this migration wrote data into before (a bitmap of them is
 * kept), and a sparse guest stays sparse here. A data run crossing one of this host's mapping
 * windows (which this engine's sender never produces) gets an empty target, which the frame reader
 * refuses naming the run.
 */
final class PageReceiver implements PageSink {
    private static final ByteBuffer ZERO = ByteBuffer.allocateDirect(Protocol.PAGE_SIZE);
    private final GuestMemory memory;
    private final MemoryLayout layout;
    private final long[] written;

    PageReceiver(GuestMemory memory) {
        this.memory = memory;
        this.layout = memory.layout();
        this.written = new long[(int) ((layout.pages() + 63) >>> 6)];
    }

    @Override
    public ByteBuffer target(long firstPage, int count) {
        long dense = layout.pageOfGpa(firstPage << Protocol.PAGE_SHIFT);
        long window = memory.windowPages();
        if (dense / window != (dense + count - 1) / window) {
            return ByteBuffer.allocateDirect(0);
        }
        for (long p = dense; p < dense + count; p++) {
            written[(int) (p >>> 6)] |= 1L << (p & 63);
        }
        return memory.view(dense, count);
    }

    @Override
    public void zero(long firstPage, int count) {
        long dense = layout.pageOfGpa(firstPage << Protocol.PAGE_SHIFT);
        long end = dense + count;
        for (long p = dense; p < end; p++) {
            long w = written[(int) (p >>> 6)];
            if (w == 0) {
                p |= 63; // no page of this word was ever written: all still zero
                continue;
            }
            if ((w & (1L << (p & 63))) != 0 && !memory.isZeroPage(p)) {
                memory.writePage(p, ZERO.duplicate());
            }
        }
    }
}
