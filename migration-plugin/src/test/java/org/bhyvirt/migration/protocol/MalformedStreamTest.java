package org.bhyvirt.migration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bhyvirt.migration.MigrationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class MalformedStreamTest {

    private static MigrationException refused(byte[] stream, PageSink sink) {
        FrameReader r = FrameReader.of(new ByteArrayInputStream(stream), FrameGate.OPEN);
        return assertThrows(MigrationException.class, () -> r.next(sink));
    }

    private static MigrationException refused(byte[] stream) {
        return refused(stream, new RecordingSink(0, 4));
    }

    @ParameterizedTest
    @EnumSource(value = FrameType.class, names = "MEMORY", mode = EnumSource.Mode.EXCLUDE)
    void everyTruncationOfEveryFrameIsRefusedAsTruncated(FrameType type) {
        byte[] whole = Samples.encode(Samples.controlFrames().get(type));
        for (int cut = 1; cut < whole.length; cut++) {
            MigrationException e = refused(Arrays.copyOf(whole, cut));
            assertEquals(MigrationException.Code.RPC, e.code());
            assertTrue(e.getMessage().contains("truncated"), cut + ": " + e.getMessage());
        }
    }

    @Test
    void anEmptyStreamIsRefusedAsClosedByThePeer() {
        MigrationException e = refused(new byte[0]);
        assertTrue(e.getMessage().contains("the peer closed the stream"), e.getMessage());
    }

    @Test
    void aTruncatedMemoryFrameIsRefusedInsideItsPageData() {
        MemoryBatch b = new MemoryBatch().addData(0, 2, ByteBuffer.allocate(2 * 4096));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.of(out, FrameGate.OPEN).writeMemory(0, b);
        byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() - 100);
        MigrationException e = refused(cut);
        assertTrue(e.getMessage().contains("truncated frame MEMORY"), e.getMessage());
    }

    @Test
    void unknownFrameCodesAreRefusedNamingTheCode() {
        MigrationException e = refused(Samples.header(99, 0, 4));
        assertEquals(MigrationException.Code.RPC, e.code());
        assertTrue(e.getMessage().contains("unknown frame code 99"), e.getMessage());
        assertTrue(refused(Samples.header(0, 0, 0)).getMessage().contains("unknown frame code 0"));
    }

    @Test
    void nonZeroFlagsAreRefused() {
        assertTrue(refused(Samples.header(FrameType.COMPATIBLE.code(), 1, 0)).getMessage().contains("flags 1"));
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void aHugeDeclaredLengthIsRefusedBeforeAnythingIsAllocatedOrRead(FrameType type) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FrameReader r = FrameReader.of(new ByteArrayInputStream(Samples.header(type.code(), 0, 0xFFFF_FFFFL)),
                FrameGate.OPEN);
        long before = mx.getCurrentThreadAllocatedBytes();
        MigrationException e = assertThrows(MigrationException.class, () -> r.next(new RecordingSink(0, 1)));
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().contains("declares 4294967295 payload bytes, outside its bounds"), e.getMessage());
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes refusing a 4 GiB frame");
        assertEquals(Protocol.HEADER_BYTES, r.bytesRead(), "nothing beyond the header was read");
    }

    @Test
    void aLengthJustAboveTheBoundIsRefusedAndTheBoundItselfIsNot() {
        long max = FrameType.ROUND_START.maxPayload();
        assertTrue(refused(Samples.header(FrameType.ROUND_START.code(), 0, max + 1)).getMessage()
                .contains("outside its bounds 4..4"));
        Frame f = FrameReader.of(new ByteArrayInputStream(Samples.concat(
                Samples.header(FrameType.ROUND_START.code(), 0, max), new byte[] {0, 0, 0, 3})), FrameGate.OPEN).next(null);
        assertEquals(new Frame.RoundStart(3), f);
    }

    @Test
    void aWrongMagicIsRefusedAsNotOurStream() {
        byte[] hello = Samples.encode(new Frame.Hello(1, 1, Samples.TOKEN));
        hello[Protocol.HEADER_BYTES] = 'X';
        assertTrue(refused(hello).getMessage().contains("not a bhyvirt migration stream"));
    }

    @Test
    void memoryRunsThatDisagreeWithTheDeclaredLengthAreRefusedBeforeAnyPageIsWritten() {
        // one data run of 2 pages declared, but the length only covers 1 page
        ByteBuffer p = ByteBuffer.allocate(8 + 16 + 4096);
        p.putInt(0).putInt(1).putLong(0).putInt(2).putInt(0);
        RecordingSink sink = new RecordingSink(0, 4);
        MigrationException e = refused(Samples.concat(Samples.header(FrameType.MEMORY.code(), 0, p.capacity()),
                p.array()), sink);
        assertTrue(e.getMessage().contains("runs describe 8216 bytes, the header 4120"), e.getMessage());
    }

    @Test
    void memoryRunsWithUnknownFlagsOrZeroPagesOrTooManyRunsAreRefused() {
        ByteBuffer flags = ByteBuffer.allocate(24).putInt(0).putInt(1).putLong(0).putInt(1).putInt(6);
        assertTrue(refused(Samples.concat(Samples.header(7, 0, 24), flags.array())).getMessage().contains("flags 6"));
        ByteBuffer empty = ByteBuffer.allocate(24).putInt(0).putInt(1).putLong(0).putInt(0).putInt(1);
        assertTrue(refused(Samples.concat(Samples.header(7, 0, 24), empty.array())).getMessage().contains("bad run"));
        ByteBuffer many = ByteBuffer.allocate(24).putInt(0).putInt(100_000).putLong(0).putInt(1).putInt(1);
        assertTrue(refused(Samples.concat(Samples.header(7, 0, 24), many.array())).getMessage()
                .contains("100000 runs"));
    }

    @Test
    void stringsLongerThanTheirFieldAreRefused() {
        ByteBuffer p = ByteBuffer.allocate(6 + 10).putInt(9).putShort((short) 2000).put(new byte[10]);
        MigrationException e = refused(Samples.concat(Samples.header(FrameType.ABORT.code(), 0, p.capacity()),
                p.array()));
        assertTrue(e.getMessage().contains("malformed frame ABORT: string of 2000 bytes"), e.getMessage());
    }

    @Test
    void trailingBytesInsideAFrameAreRefused() {
        // a COMPATIBILITY payload with junk after the device list, the length grown to cover it
        byte[] compat = Samples.encode(Samples.LAYOUT);
        ByteBuffer grown = ByteBuffer.allocate(compat.length + 3).put(compat).put(new byte[] {1, 2, 3});
        grown.putInt(4, compat.length - Protocol.HEADER_BYTES + 3);
        assertTrue(refused(grown.array()).getMessage().contains("3 bytes left over"));
    }

    @Test
    void anUnknownStateKindIsRefused() {
        ByteBuffer p = ByteBuffer.allocate(5).put((byte) 9).putShort((short) 1).put((byte) 'a').put((byte) 0);
        assertTrue(refused(Samples.concat(Samples.header(FrameType.DEVICE_STATE.code(), 0, 5), p.array()))
                .getMessage().contains("unknown state kind 9"));
    }

    @Test
    void compatibilityWithNoSegmentsOrMisalignedSegmentsIsRefused() {
        ByteBuffer p = ByteBuffer.allocate(14).putInt(4096).putInt(1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        assertTrue(refused(Samples.concat(Samples.header(3, 0, 14), p.array())).getMessage()
                .contains("malformed frame COMPATIBILITY"));
        ByteBuffer q = ByteBuffer.allocate(30).putInt(4096).putInt(1).putShort((short) 1).putLong(100).putLong(4096)
                .putShort((short) 0).putShort((short) 0);
        assertTrue(refused(Samples.concat(Samples.header(3, 0, 30), q.array())).getMessage().contains("bad segment"));
    }

    private static byte[] checkpointData(int part, int flags, long chunk, long offset, int carried) {
        ByteBuffer p = ByteBuffer.allocate(Protocol.CHECKPOINT_PREFIX_BYTES + carried).put((byte) part)
                .put((byte) flags).putShort((short) 0).putInt((int) chunk).putLong(offset);
        return Samples.concat(Samples.header(FrameType.CHECKPOINT_DATA.code(), 0, p.capacity()), p.array());
    }

    @Test
    void aCheckpointChunkOfAnUnknownPartOrWithUnknownFlagsIsRefused() {
        assertTrue(refused(checkpointData(7, 0, 4, 0, 4)).getMessage().contains("unknown checkpoint part 7"));
        assertTrue(refused(checkpointData(1, 6, 4, 0, 4)).getMessage().contains("unknown flags 6"));
    }

    @Test
    void aCheckpointChunkWhoseLengthDisagreesWithTheFrameIsRefusedBeforeItsDataIsAllocated() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] stream = checkpointData(0, 0, 0xFFFF_FFFFL, 0, 4096);
        long before = mx.getCurrentThreadAllocatedBytes();
        MigrationException e = refused(stream);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(e.getMessage().contains("a chunk of 4294967295 bytes in a 4112-byte frame"), e.getMessage());
        assertTrue(allocated < 256 * 1024, "allocated " + allocated + " bytes refusing a 4 GiB chunk");
        assertTrue(refused(checkpointData(0, 1, 4096, 0, 4096)).getMessage().contains("a zero chunk of 4096 bytes"));
        assertTrue(refused(checkpointData(1, 0, 0, 0, 0)).getMessage().contains("a chunk of 0 bytes"));
    }

    @Test
    void aMisalignedOrZeroFlaggedNonMemoryCheckpointChunkIsRefused() {
        assertTrue(refused(checkpointData(0, 0, 100, 0, 100)).getMessage().contains("page-aligned"));
        assertTrue(refused(checkpointData(0, 1, 4096, 100, 0)).getMessage().contains("page-aligned"));
        assertTrue(refused(checkpointData(2, 1, 10, 0, 0)).getMessage().contains("only they may be zero"));
    }

    @Test
    void checkpointSizesBeyondTheirBoundsAreRefused() {
        ByteBuffer kern = ByteBuffer.allocate(24).putLong(1L << 30).putLong(Protocol.MAX_CHECKPOINT_KERN_BYTES + 1)
                .putLong(10);
        assertTrue(refused(Samples.concat(Samples.header(FrameType.CHECKPOINT_BEGIN.code(), 0, 24), kern.array()))
                .getMessage().contains("malformed frame CHECKPOINT_BEGIN: bad checkpoint sizes"));
        ByteBuffer odd = ByteBuffer.allocate(24).putLong(1000).putLong(10).putLong(10);
        assertTrue(refused(Samples.concat(Samples.header(FrameType.CHECKPOINT_BEGIN.code(), 0, 24), odd.array()))
                .getMessage().contains("page-aligned"));
    }
}
