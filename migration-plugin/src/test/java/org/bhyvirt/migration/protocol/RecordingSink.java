package org.bhyvirt.migration.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A page sink backed by a heap "guest memory" of a few pages, recording zero runs. */
final class RecordingSink implements PageSink {

    final ByteBuffer memory;
    final long basePage;
    final List<long[]> zeroRuns = new ArrayList<>();

    RecordingSink(long basePage, int pages) {
        this.basePage = basePage;
        this.memory = ByteBuffer.allocate(pages * Protocol.PAGE_SIZE);
    }

    @Override
    public ByteBuffer target(long firstPage, int count) {
        int offset = (int) (firstPage - basePage) * Protocol.PAGE_SIZE;
        return memory.duplicate().position(offset).limit(offset + count * Protocol.PAGE_SIZE);
    }

    @Override
    public void zero(long firstPage, int count) {
        zeroRuns.add(new long[] {firstPage, count});
    }
}
