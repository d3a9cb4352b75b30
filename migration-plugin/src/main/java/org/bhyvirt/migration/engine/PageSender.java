package org.bhyvirt.migration.engine;

import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import org.bhyvirt.driver.vmm.DirtyPages;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.MemorySegment;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.MemoryBatch;
import org.bhyvirt.migration.protocol.Protocol;

/**
 * Turns a set of the guest's pages into MEMORY frames: consecutive pages of one kind form a run
 * (zero pages as a ZERO run without data, others as a run whose data is sent straight from the
 * guest's mapping, no copy); runs never cross a memory segment or a mapping window, and their page
 * numbers are guest physical addresses / 4096 as the protocol requires (the Vmm's dense indices are
 * converted here). Every frame passes the bandwidth limit first, and a cancellation is noticed
 * before each frame. With several channels each sender takes only the pages its predicate
 * accepts (constant over aligned chunks of {@link #SHARE_CHUNK_PAGES}). Extents the memory reports
 * as never written are sent as ZERO runs without reading them. Counts frames, pages and bytes sent.
 */
final class PageSender {
    private final GuestMemory memory;
    private final MemoryLayout layout;
    private final FrameWriter writer;
    private final TokenBucket bucket;
    private final BooleanSupplier cancelled;
    private final LongPredicate mine;
    private long frames;
    private final MemoryBatch batch = new MemoryBatch();
    private final long window;
    /** Longest ZERO run, so that scanning a huge sparse guest still sends a frame every 256 MiB. */
    private static final int MAX_ZERO_RUN = 65_536;
    /**
     * Pages of one share chunk: a sender's predicate answers the same for every page of an aligned
     * chunk of this many pages (SourceChannels splits pages between channels in such chunks).
     */
    static final long SHARE_CHUNK_PAGES = 1024;
    private long dataPages;
    private long zeroPages;
    private int round;
    private long runStart = -1;
    private int runCount;
    private boolean runZero;

    PageSender(GuestMemory memory, FrameWriter writer, TokenBucket bucket, BooleanSupplier cancelled,
            LongPredicate mine) {
        this.mine = mine;
        this.memory = memory;
        this.layout = memory.layout();
        this.writer = writer;
        this.bucket = bucket;
        this.cancelled = cancelled;
        this.window = memory.windowPages();
    }

    /**
     * Sends every page of the guest in {@code round}: zero pages as ZERO runs. Extents the memory
     * reports as surely zero ({@link GuestMemory#nextDataPage}) go as ZERO runs without being read, so
     * memory the guest never touched costs neither a read nor an allocation.
     */
    void sendAll(int round) {
        this.round = round;
        long pages = layout.pages();
        long p = 0;
        while (p < pages) {
            long data = memory.nextDataPage(p);
            addZeroExtent(p, data);
            if (data >= pages) {
                break;
            }
            long end = memory.nextZeroExtent(data);
            if (end <= data) {
                end = data + 1; // a hint that contradicts itself: read the page
            }
            for (long q = data; q < end; q++) {
                if (mine.test(q)) {
                    add(q, 1, memory.isZeroPage(q));
                }
            }
            p = end;
        }
        flush();
    }

    /** Adds pages {@code from} (inclusive) to {@code to} (exclusive), known zero, as ZERO runs of this sender's share. */
    private void addZeroExtent(long from, long to) {
        long p = from;
        while (p < to) {
            long chunkEnd = Math.min(to, (p | (SHARE_CHUNK_PAGES - 1)) + 1);
            if (mine.test(p)) {
                add(p, chunkEnd - p, true);
            }
            p = chunkEnd;
        }
    }

    /** Sends the pages of {@code dirty} in {@code round} (a page that became zero goes as a ZERO run). */
    void sendDirty(int round, DirtyPages dirty) {
        this.round = round;
        for (long p = dirty.nextDirty(0); p >= 0; p = dirty.nextDirty(p + 1)) {
            if (mine.test(p)) {
                add(p, 1, memory.isZeroPage(p));
            }
        }
        flush();
    }

    long dataPages() {
        return dataPages;
    }

    long zeroPages() {
        return zeroPages;
    }

    /** MEMORY frames sent so far. */
    long frames() {
        return frames;
    }

    /** Bytes this sender's writer has written. */
    long wireBytes() {
        return writer.bytesWritten();
    }

    /** Adds {@code count} consecutive pages from {@code page}, all zero or all with data. */
    private void add(long page, long count, boolean zero) {
        while (count > 0) {
            if (runStart >= 0 && (zero != runZero || page != runStart + runCount || breaks(page)
                    || (!zero && runCount >= batch.dataPagesLeft()) || (zero && runCount >= MAX_ZERO_RUN))) {
                boolean longZero = runZero && runCount >= MAX_ZERO_RUN;
                closeRun();
                if (longZero) {
                    send();
                }
            }
            if (runStart < 0) {
                if (!batch.hasRoomForRun() || (!zero && batch.dataPagesLeft() == 0)) {
                    send();
                }
                runStart = page;
                runCount = 0;
                runZero = zero;
            }
            MemorySegment s = layout.segmentOfPage(page);
            long room = s.endPage() - page;
            if (zero) {
                room = Math.min(room, MAX_ZERO_RUN - runCount);
            } else {
                room = Math.min(room, Math.min(window - page % window, batch.dataPagesLeft() - runCount));
            }
            int take = (int) Math.min(count, room);
            runCount += take;
            page += take;
            count -= take;
        }
    }

    /** Whether {@code page} starts a new segment or mapping window (a run may not continue into it). */
    private boolean breaks(long page) {
        MemorySegment s = layout.segmentOfPage(page);
        return page == s.firstPage() || (!runZero && page % window == 0);
    }

    private void closeRun() {
        long gpaPage = layout.gpaOfPage(runStart) >>> Protocol.PAGE_SHIFT;
        if (runZero) {
            batch.addZero(gpaPage, runCount);
        } else {
            batch.addData(gpaPage, runCount, memory.view(runStart, runCount));
        }
        runStart = -1;
        runCount = 0;
    }

    private void flush() {
        if (runStart >= 0) {
            closeRun();
        }
        send();
    }

    private void send() {
        if (batch.runs() == 0) {
            return;
        }
        if (cancelled.getAsBoolean()) {
            throw new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.PERFORM,
                    "ROUND " + round, "the migration was cancelled");
        }
        try {
            bucket.acquire((long) batch.dataPages() * Protocol.PAGE_SIZE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.PERFORM,
                    "ROUND " + round, "interrupted while waiting for the bandwidth limit", e);
        }
        dataPages += batch.dataPages();
        zeroPages += batch.zeroPages();
        writer.writeMemory(round, batch);
        frames++;
        batch.clear();
    }
}
