package org.bhyvirt.migration.protocol;

import java.nio.ByteBuffer;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;

/**
 * A reusable, mutable builder of one MEMORY frame: runs of pages, each either zero (no data) or
 * backed by a caller's buffer (typically a slice of mapped guest memory) that the writer sends
 * without copying. It refuses more runs or data pages than one frame may carry; {@link #clear()}
 * makes it ready for the next frame without allocating. Not thread-safe: one per sending thread.
 */
public final class MemoryBatch {

    private final long[] first = new long[Protocol.MAX_RUNS_PER_FRAME];
    private final int[] count = new int[Protocol.MAX_RUNS_PER_FRAME];
    private final ByteBuffer[] data = new ByteBuffer[Protocol.MAX_RUNS_PER_FRAME];
    private int runs;
    private int dataPages;
    private long zeroPages;

    /** Empties the batch (drops the buffer references). */
    public void clear() {
        for (int i = 0; i < runs; i++) {
            data[i] = null;
        }
        runs = 0;
        dataPages = 0;
        zeroPages = 0;
    }

    /** Whether another run fits. */
    public boolean hasRoomForRun() {
        return runs < Protocol.MAX_RUNS_PER_FRAME;
    }

    /** How many more pages with data fit. */
    public int dataPagesLeft() {
        return Protocol.MAX_DATA_PAGES_PER_FRAME - dataPages;
    }

    /** Adds {@code pages} zero pages from {@code firstPage}. */
    public MemoryBatch addZero(long firstPage, int pages) {
        checkRun(firstPage, pages);
        first[runs] = firstPage;
        count[runs] = pages;
        data[runs] = null;
        runs++;
        zeroPages += pages;
        return this;
    }

    /**
     * Adds {@code pages} pages from {@code firstPage} whose bytes are {@code buffer}'s remaining
     * bytes (exactly pages × page size). The writer advances the buffer's position.
     */
    public MemoryBatch addData(long firstPage, int pages, ByteBuffer buffer) {
        checkRun(firstPage, pages);
        if (pages > dataPagesLeft()) {
            throw refuse(pages + " pages with data do not fit, " + dataPagesLeft() + " left in this frame");
        }
        if (buffer.remaining() != pages * Protocol.PAGE_SIZE) {
            throw refuse("run of " + pages + " pages has " + buffer.remaining() + " bytes of data");
        }
        first[runs] = firstPage;
        count[runs] = pages;
        data[runs] = buffer;
        runs++;
        dataPages += pages;
        return this;
    }

    private void checkRun(long firstPage, int pages) {
        if (!hasRoomForRun()) {
            throw refuse("a MEMORY frame holds at most " + Protocol.MAX_RUNS_PER_FRAME + " runs");
        }
        if (firstPage < 0 || pages <= 0 || firstPage + pages < firstPage) {
            throw refuse("bad page run " + firstPage + "+" + pages);
        }
    }

    private static MigrationException refuse(String message) {
        return new MigrationException(MigrationException.Code.INTERNAL_ERROR, MigrationPhase.PERFORM,
                "SENDING", message);
    }

    /** Number of runs. */
    public int runs() {
        return runs;
    }

    /** Pages with data. */
    public int dataPages() {
        return dataPages;
    }

    /** Zero pages. */
    public long zeroPages() {
        return zeroPages;
    }

    long firstPage(int run) {
        return first[run];
    }

    int pageCount(int run) {
        return count[run];
    }

    ByteBuffer data(int run) {
        return data[run];
    }

    /** Payload length of the frame this batch becomes. */
    long payloadLength() {
        return Protocol.MEMORY_PREFIX_BYTES + (long) runs * Protocol.RUN_DESCRIPTOR_BYTES
                + (long) dataPages * Protocol.PAGE_SIZE;
    }
}
