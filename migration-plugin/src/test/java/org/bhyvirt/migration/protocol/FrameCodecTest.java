package org.bhyvirt.migration.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.bhyvirt.migration.MigrationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class FrameCodecTest {

    @Test
    void everyFrameTypeHasAUniqueNonZeroCodeAndSaneBounds() {
        Set<Integer> codes = new HashSet<>();
        for (FrameType t : FrameType.values()) {
            assertNotEquals(0, t.code(), t + " uses the reserved code");
            assertTrue(codes.add(t.code()), t + " reuses code " + t.code());
            assertTrue(t.minPayload() <= t.maxPayload(), t + " bounds");
            assertTrue(t.maxPayload() <= 0xFFFFFFFFL, t + " bound fits the u32 length");
            assertEquals(t, FrameType.ofCode(t.code()).orElseThrow());
        }
        assertTrue(FrameType.ofCode(0).isEmpty());
        assertTrue(FrameType.ofCode(99).isEmpty());
    }

    @Test
    void samplesCoverEveryFrameTypeButMemory() {
        Set<FrameType> expected = EnumSet.allOf(FrameType.class);
        expected.remove(FrameType.MEMORY);
        assertEquals(expected, Samples.controlFrames().keySet());
    }

    @ParameterizedTest
    @EnumSource(value = FrameType.class, names = "MEMORY", mode = EnumSource.Mode.EXCLUDE)
    void everyControlFrameSurvivesARoundTripWithinItsBounds(FrameType type) {
        Frame sample = Samples.controlFrames().get(type);
        byte[] bytes = Samples.encode(sample);
        long payload = bytes.length - Protocol.HEADER_BYTES;
        assertTrue(payload >= type.minPayload() && payload <= type.maxPayload(), type + " payload " + payload);
        assertEquals(type.code(), ByteBuffer.wrap(bytes).getShort(0));
        FrameReader r = FrameReader.of(new ByteArrayInputStream(bytes), FrameGate.OPEN);
        Frame back = r.next(null);
        if (sample instanceof Frame.Hello h) {
            Frame.Hello b = (Frame.Hello) back;
            assertEquals(h.minVersion(), b.minVersion());
            assertEquals(h.maxVersion(), b.maxVersion());
            assertTrue(h.token().matches(b.token()));
        } else {
            assertEquals(sample, back);
        }
        assertEquals(bytes.length, r.bytesRead());
    }

    @Test
    void memoryFrameCarriesDataRunsAndZeroRunsInOrder() {
        ByteBuffer guest = ByteBuffer.allocate(8 * Protocol.PAGE_SIZE);
        for (int i = 0; i < guest.capacity(); i++) {
            guest.put(i, (byte) (i * 31 + 7));
        }
        long base = (4L << 30) >>> Protocol.PAGE_SHIFT; // highmem pages keep their GPA index
        MemoryBatch batch = new MemoryBatch();
        batch.addData(base, 3, guest.duplicate().position(0).limit(3 * Protocol.PAGE_SIZE));
        batch.addZero(base + 3, 2);
        batch.addData(base + 5, 3, guest.duplicate().position(5 * Protocol.PAGE_SIZE).limit(8 * Protocol.PAGE_SIZE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = FrameWriter.of(out, FrameGate.OPEN);
        w.writeMemory(4, batch);
        assertEquals(Protocol.HEADER_BYTES + 8 + 3 * 16 + 6 * Protocol.PAGE_SIZE, out.size());

        RecordingSink sink = new RecordingSink(base, 8);
        FrameReader r = FrameReader.of(new ByteArrayInputStream(out.toByteArray()), FrameGate.OPEN);
        Frame.Memory m = (Frame.Memory) r.next(sink);
        assertEquals(new Frame.Memory(4, 3, 6, 2), m);
        assertEquals(1, sink.zeroRuns.size());
        assertArrayEquals(new long[] {base + 3, 2}, sink.zeroRuns.get(0));
        for (int page : new int[] {0, 1, 2, 5, 6, 7}) {
            byte[] expected = Arrays.copyOfRange(guest.array(), page * 4096, page * 4096 + 4096);
            byte[] actual = Arrays.copyOfRange(sink.memory.array(), page * 4096, page * 4096 + 4096);
            assertArrayEquals(expected, actual, "page " + page);
        }
        assertEquals(0, sink.memory.get(3 * 4096), "zero pages are not written");
    }

    @Test
    void batchRefusesMoreThanOneFrameHolds() {
        MemoryBatch batch = new MemoryBatch();
        for (int i = 0; i < Protocol.MAX_RUNS_PER_FRAME; i++) {
            batch.addZero(i * 2L, 1);
        }
        MigrationException e = assertThrows(MigrationException.class, () -> batch.addZero(99_999, 1));
        assertTrue(e.getMessage().contains("at most 512 runs"), e.getMessage());
        batch.clear();
        assertEquals(0, batch.runs());
        ByteBuffer tooMuch = ByteBuffer.allocate((Protocol.MAX_DATA_PAGES_PER_FRAME + 1) * Protocol.PAGE_SIZE);
        assertThrows(MigrationException.class,
                () -> batch.addData(0, Protocol.MAX_DATA_PAGES_PER_FRAME + 1, tooMuch));
        assertThrows(MigrationException.class, () -> batch.addData(0, 2, ByteBuffer.allocate(4096)));
    }

    @Test
    void aLongAbortReasonIsTruncatedToItsBoundNotRefused() {
        String reason = "é".repeat(2000);
        byte[] bytes = Samples.encode(new Frame.Abort(MigrationException.Code.OPERATION_FAILED, reason));
        Frame.Abort back = (Frame.Abort) FrameReader.of(new ByteArrayInputStream(bytes), FrameGate.OPEN).next(null);
        assertTrue(back.reason().length() <= Protocol.MAX_REASON_BYTES / 2);
        assertTrue(reason.startsWith(back.reason()));
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00".repeat(300); // 4 UTF-8 bytes each
        String t = FrameWriter.truncate("ab" + emoji, Protocol.MAX_REASON_BYTES);
        assertEquals(2 + 255 * 2, t.length());
        assertTrue(Character.isLowSurrogate(t.charAt(t.length() - 1)));
    }

    @Test
    void tokenNeverShowsInToStringAndRoundTripsThroughHex() {
        assertEquals("MigrationToken[redacted]", Samples.TOKEN.toString());
        assertTrue(Samples.TOKEN.matches(MigrationToken.ofHex(Samples.TOKEN.toHex())));
        assertTrue(!Samples.TOKEN.matches(Samples.OTHER_TOKEN));
        assertThrows(IllegalArgumentException.class, () -> MigrationToken.of(new byte[31]));
    }
}
