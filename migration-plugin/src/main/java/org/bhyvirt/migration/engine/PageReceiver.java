package org.bhyvirt.migration.engine;

import java.nio.ByteBuffer;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.migration.protocol.PageSink;
import org.bhyvirt.migration.protocol.Protocol;

/**
 * The destination's page sink: a run's data is read from the socket straight into the incoming
 * VM's mapping (page numbers are GPA / 4096 on the wire, converted to the Vmm's dense indices;
 * the conversation has already checked a run lies in one segment); a ZERO run clears only pages
 * that are not zero already, so a sparse incoming VM stays sparse. A data run crossing one of
 * this host's mapping windows (which this engine's sender never produces) gets an empty target,
 * which the frame reader refuses naming the run.
 */
final class PageReceiver implements PageSink {
    private static final ByteBuffer ZERO = ByteBuffer.allocateDirect(Protocol.PAGE_SIZE);
    private final GuestMemory memory;
    private final MemoryLayout layout;

    PageReceiver(GuestMemory memory) {
        this.memory = memory;
        this.layout = memory.layout();
    }

    @Override
    public ByteBuffer target(long firstPage, int count) {
        long dense = layout.pageOfGpa(firstPage << Protocol.PAGE_SHIFT);
        long window = memory.windowPages();
        if (dense / window == (dense + count - 1) / window) {
            return memory.view(dense, count);
        }
        return ByteBuffer.allocateDirect(0);
    }

    @Override
    public void zero(long firstPage, int count) {
        long dense = layout.pageOfGpa(firstPage << Protocol.PAGE_SHIFT);
        for (long p = dense; p < dense + count; p++) {
            if (!memory.isZeroPage(p)) {
                memory.writePage(p, ZERO.duplicate());
            }
        }
    }
}
