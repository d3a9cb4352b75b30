package org.bhyvirt.migration.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import org.bhyvirt.driver.vmm.GuestMemory;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameGate;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.PageSink;
import org.junit.jupiter.api.Test;

/**
 * The sender's round 0 over memory that reports its data extents: pages outside them go as ZERO runs
 * without a single read, pages inside arrive byte for byte (all-zero ones as ZERO runs), runs never
 * cross the 3 GiB segment boundary, and channel shares split the guest without gap or overlap. The
 * memory here is a fake whose holes fail the test when read.
 */
class PageSenderTest {
    private static final int PAGE = 4096;
    /** A guest of 4 GiB + 16 MiB: lowmem 3 GiB (786432 pages), the rest highmem at 4 GiB. */
    private static final MemoryLayout LAYOUT = MemoryLayout.of((4L << 30) + (16L << 20));
    private static final long LOWMEM_PAGES = 786_432;

    /** Memory whose pages outside {@code extents} ([start, end) pairs of dense pages) must never be read. */
    private static final class ExtentMemory implements GuestMemory {
        private final long[][] extents;
        private final Map<Long, byte[]> pages = new HashMap<>();
        private final boolean hints;
        final BitSet read = new BitSet();

        ExtentMemory(boolean hints, long[]... extents) {
            this.hints = hints;
            this.extents = extents;
            SplittableRandom r = new SplittableRandom(7);
            for (long[] e : extents) {
                for (long p = e[0]; p < e[1]; p++) {
                    byte[] b = new byte[PAGE];
                    if (p % 7 != 3) { // every 7th page inside an extent is all zero
                        for (int k = 0; k < PAGE; k++) {
                            b[k] = (byte) r.nextInt(1, 256);
                        }
                    }
                    pages.put(p, b);
                }
            }
        }

        byte[] page(long p) {
            byte[] b = pages.get(p);
            return b == null ? new byte[PAGE] : b;
        }

        @Override
        public MemoryLayout layout() {
            return LAYOUT;
        }

        @Override
        public int windowPages() {
            return 4096;
        }

        @Override
        public ByteBuffer view(long firstPage, int count) {
            ByteBuffer b = ByteBuffer.allocate(count * PAGE);
            for (long p = firstPage; p < firstPage + count; p++) {
                if (hints && !pages.containsKey(p)) {
                    fail("page " + p + " lies in a hole but was read");
                }
                read.set((int) p);
                b.put(page(p));
            }
            return b.flip();
        }

        @Override
        public long nextDataPage(long from) {
            if (!hints) {
                return GuestMemory.super.nextDataPage(from);
            }
            for (long[] e : extents) {
                if (e[1] > from) {
                    return Math.max(from, e[0]);
                }
            }
            return LAYOUT.pages();
        }

        @Override
        public long nextZeroExtent(long from) {
            if (!hints) {
                return GuestMemory.super.nextZeroExtent(from);
            }
            for (long[] e : extents) {
                if (from >= e[0] && from < e[1]) {
                    return e[1];
                }
            }
            return from;
        }

        @Override
        public void read(long gpa, ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(long gpa, ByteBuffer src) {
            throw new UnsupportedOperationException();
        }
    }

    /** What arrived: every page's count of deliveries, data pages' bytes, how many came as ZERO. */
    private static final class Arrivals implements PageSink {
        final byte[] times = new byte[(int) LAYOUT.pages()];
        final Map<Long, ByteBuffer> data = new HashMap<>();
        long zeroPages;

        @Override
        public ByteBuffer target(long firstPage, int count) {
            long dense = LAYOUT.pageOfGpa(firstPage * PAGE);
            assertEquals(LAYOUT.segmentOfPage(dense), LAYOUT.segmentOfPage(dense + count - 1), "a run crosses a segment");
            ByteBuffer b = ByteBuffer.allocate(count * PAGE);
            for (int i = 0; i < count; i++) {
                times[(int) (dense + i)]++;
                data.put(dense + i, b.slice(i * PAGE, PAGE));
            }
            return b;
        }

        @Override
        public void zero(long firstPage, int count) {
            long dense = LAYOUT.pageOfGpa(firstPage * PAGE);
            assertEquals(LAYOUT.segmentOfPage(dense), LAYOUT.segmentOfPage(dense + count - 1), "a run crosses a segment");
            for (int i = 0; i < count; i++) {
                times[(int) (dense + i)]++;
            }
            zeroPages += count;
        }
    }

    private static Arrivals sendAll(ExtentMemory memory, List<LongPredicate> shares) {
        Arrivals got = new Arrivals();
        for (LongPredicate share : shares) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PageSender sender = new PageSender(memory, FrameWriter.of(out, FrameGate.OPEN), new TokenBucket(0),
                    () -> false, share);
            sender.sendAll(0);
            FrameReader reader = FrameReader.of(new ByteArrayInputStream(out.toByteArray()), FrameGate.OPEN);
            for (long f = 0; f < sender.frames(); f++) {
                assertTrue(reader.next(got) instanceof Frame.Memory);
            }
            try {
                reader.next(got);
                fail("more frames than the sender counted");
            } catch (MigrationException end) {
                assertTrue(reader.bytesRead() == out.size(), "the stream ends after the counted frames");
            }
        }
        return got;
    }

    private static void assertEveryPageOnceWithItsBytes(ExtentMemory memory, Arrivals got) {
        for (int p = 0; p < got.times.length; p++) {
            if (got.times[p] != 1) {
                fail("page " + p + " arrived " + got.times[p] + " times");
            }
        }
        for (Map.Entry<Long, ByteBuffer> e : got.data.entrySet()) {
            byte[] b = new byte[PAGE];
            e.getValue().duplicate().get(b);
            assertArrayEquals(memory.page(e.getKey()), b, "page " + e.getKey());
        }
    }

    private static long[][] extents() {
        return new long[][] {{0, 300}, {LOWMEM_PAGES - 2000, LOWMEM_PAGES + 2000}, {LAYOUT.pages() - 10, LAYOUT.pages()}};
    }

    @Test
    void pagesOutsideTheDataExtentsGoAsZeroRunsWithoutBeingRead() {
        ExtentMemory memory = new ExtentMemory(true, extents());
        Arrivals got = sendAll(memory, List.of(p -> true));

        assertEveryPageOnceWithItsBytes(memory, got);
        assertEquals(300 + 4000 + 10, memory.read.cardinality(), "only the extents' pages were read");
        long zeroInside = memory.pages.entrySet().stream().filter(e -> e.getKey() % 7 == 3).count();
        assertEquals(LAYOUT.pages() - 4310 + zeroInside, got.zeroPages, "holes and zero pages inside extents as ZERO");
        assertEquals(4310 - zeroInside, got.data.size(), "only non-zero pages carry data");
    }

    @Test
    void twoChannelSharesTogetherSendEveryPageExactlyOnce() {
        ExtentMemory memory = new ExtentMemory(true, extents());
        long chunk = PageSender.SHARE_CHUNK_PAGES;
        Arrivals got = sendAll(memory, List.of(p -> (p / chunk) % 2 == 0, p -> (p / chunk) % 2 == 1));

        assertEveryPageOnceWithItsBytes(memory, got);
        assertEquals(4310, memory.read.cardinality());
    }

    @Test
    void withoutExtentHintsEveryPageIsReadAndStillSentOnce() {
        ExtentMemory memory = new ExtentMemory(false, new long[][] {{LOWMEM_PAGES - 8, LOWMEM_PAGES + 8}});
        Arrivals got = sendAll(memory, List.of(p -> true));

        assertEveryPageOnceWithItsBytes(memory, got);
        assertEquals(LAYOUT.pages(), memory.read.cardinality(), "no hint: every page is read");
    }
}
