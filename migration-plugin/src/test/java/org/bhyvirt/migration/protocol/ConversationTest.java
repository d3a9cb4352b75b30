package org.bhyvirt.migration.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConversationTest {

    /** Source and destination conversations, frames passed through a real codec both ways. */
    private static final class Pair {
        final Conversation source;
        final Conversation destination;
        final RecordingSink sink = new RecordingSink(0, 16);

        Pair(Conversation source, Conversation destination) {
            this.source = source;
            this.destination = destination;
        }

        Frame toDestination(Frame f) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new FrameWriter(java.nio.channels.Channels.newChannel(out), source).write(f);
            return FrameReader.of(new ByteArrayInputStream(out.toByteArray()), destination).next(sink);
        }

        Frame.Memory memoryToDestination(int round, long firstPage, int pages) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MemoryBatch b = new MemoryBatch().addData(firstPage, pages, ByteBuffer.allocate(pages * 4096));
            FrameWriter.of(out, source).writeMemory(round, b);
            return (Frame.Memory) FrameReader.of(new ByteArrayInputStream(out.toByteArray()), destination).next(sink);
        }

        Frame toSource(Frame f) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FrameWriter.of(out, destination).write(f);
            return FrameReader.of(new ByteArrayInputStream(out.toByteArray()), source).next(null);
        }
    }

    private static final Frame.Compatibility SMALL = new Frame.Compatibility(4096, 1,
            List.of(new Frame.Segment(0, 16 * 4096)), "model", List.of("lpc"));

    private static Pair handshaken() {
        Pair p = new Pair(Conversation.sourceControl(), Conversation.destinationControl(Samples.TOKEN));
        p.toDestination(new Frame.Hello(Protocol.VERSION_MIN, Protocol.VERSION_MAX, Samples.TOKEN));
        p.toSource(new Frame.HelloAck(Protocol.VERSION_MAX));
        p.toDestination(SMALL);
        p.toSource(new Frame.Compatible());
        return p;
    }

    @Test
    void aWholeLiveMigrationWalksBothEndsToCompleted() {
        Pair p = handshaken();
        assertEquals(ConversationState.READY, p.destination.state());
        assertEquals(1, p.destination.version());
        p.toDestination(new Frame.RoundStart(0));
        p.memoryToDestination(0, 0, 16);
        p.toDestination(new Frame.RoundEnd(0, 16, 0, 65536, 3, 1000));
        p.toDestination(new Frame.FinalRoundStart(1));
        p.memoryToDestination(1, 2, 3);
        p.toDestination(new Frame.RoundEnd(1, 3, 0, 12288, 0, 500));
        p.toDestination(new Frame.DeviceState(Frame.StateKind.VCPU, "vcpu0", new byte[100]));
        p.toDestination(new Frame.Complete(2, 19, 0, 100));
        p.toSource(new Frame.CompleteAck());
        assertEquals(ConversationState.COMPLETED, p.source.state());
        assertEquals(ConversationState.COMPLETED, p.destination.state());
        assertEquals(19, p.destination.dataPages());
        assertEquals(2, p.destination.rounds());
    }

    @Test
    void aWrongTokenIsRefusedAsAuthFailedAndTheDestinationMayStillAbort() {
        Pair p = new Pair(Conversation.sourceControl(), Conversation.destinationControl(Samples.TOKEN));
        MigrationException e = assertThrows(MigrationException.class,
                () -> p.toDestination(new Frame.Hello(1, 1, Samples.OTHER_TOKEN)));
        assertEquals(Code.AUTH_FAILED, e.code());
        assertEquals("AWAIT_HELLO", e.state());
        Frame.Abort abort = new Frame.Abort(Code.AUTH_FAILED, "wrong migration token");
        assertEquals(ConversationState.AWAIT_HELLO_ACK, p.source.state());
        assertEquals(abort, p.toSource(abort));
        assertEquals(ConversationState.ABORTED, p.source.state());
        assertEquals(abort, p.source.abort().orElseThrow());
    }

    @Test
    void aVersionRangeWithoutOverlapIsRefusedAsUnsupported() {
        Pair p = new Pair(Conversation.sourceControl(), Conversation.destinationControl(Samples.TOKEN));
        MigrationException e = assertThrows(MigrationException.class,
                () -> p.toDestination(new Frame.Hello(2, 5, Samples.TOKEN)));
        assertEquals(Code.OPERATION_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("versions 2..5, this host 1..1"), e.getMessage());
    }

    @Test
    void anAckOfAVersionTheSourceDidNotOfferIsRefused() {
        Pair p = new Pair(Conversation.sourceControl(), Conversation.destinationControl(Samples.TOKEN));
        p.toDestination(new Frame.Hello(1, 1, Samples.TOKEN));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.of(out, FrameGate.OPEN).write(new Frame.HelloAck(7));
        MigrationException e = assertThrows(MigrationException.class,
                () -> FrameReader.of(new ByteArrayInputStream(out.toByteArray()), p.source).next(null));
        assertTrue(e.getMessage().contains("version 7 was not offered"), e.getMessage());
    }

    @Test
    void aFrameInTheWrongStateIsRefusedNamingStateAndFrameBeforeItsPayloadIsRead() {
        Conversation d = Conversation.destinationControl(Samples.TOKEN);
        byte[] memoryHeaderOnly = Samples.header(FrameType.MEMORY.code(), 0, 8 + 16 + 4096);
        FrameReader r = FrameReader.of(new ByteArrayInputStream(memoryHeaderOnly), d);
        MigrationException e = assertThrows(MigrationException.class, () -> r.next(new RecordingSink(0, 1)));
        assertEquals(Code.RPC, e.code());
        assertEquals("AWAIT_HELLO", e.state());
        assertTrue(e.getMessage().contains("frame MEMORY may not come in state AWAIT_HELLO (allowed: [HELLO, ABORT])"),
                e.getMessage());
        assertEquals(Protocol.HEADER_BYTES, r.bytesRead());
    }

    @Test
    void memoryOutsideARoundIsRefused() {
        Pair p = handshaken();
        MigrationException e = assertThrows(MigrationException.class, () -> p.memoryToDestination(0, 0, 1));
        assertTrue(e.getMessage().contains("cannot send MEMORY in state READY"), e.getMessage());
        assertEquals(Code.OPERATION_INVALID, e.code());
    }

    @Test
    void roundsMustBeNumberedWithoutGaps() {
        Pair p = handshaken();
        MigrationException e = assertThrows(MigrationException.class, () -> p.toDestination(new Frame.RoundStart(1)));
        assertTrue(e.getMessage().contains("round 1 starts where round 0 was due"), e.getMessage());
    }

    @Test
    void pagesOutsideTheAgreedLayoutAreRefusedBeforeTheyReachGuestMemory() {
        Pair p = handshaken();
        p.toDestination(new Frame.RoundStart(0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.of(out, FrameGate.OPEN).writeMemory(0,
                new MemoryBatch().addData(15, 2, ByteBuffer.allocate(2 * 4096)));
        MigrationException e = assertThrows(MigrationException.class,
                () -> FrameReader.of(new ByteArrayInputStream(out.toByteArray()), p.destination).next(p.sink));
        assertTrue(e.getMessage().contains("pages 15+2 lie outside"), e.getMessage());
        assertEquals(0, p.sink.memory.get(15 * 4096));
    }

    @Test
    void aCompletionWhoseTotalsDisagreeWithTheStreamIsRefused() {
        Pair p = handshaken();
        p.toDestination(new Frame.FinalRoundStart(0));
        p.toDestination(new Frame.RoundEnd(0, 0, 0, 0, 0, 0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.of(out, FrameGate.OPEN).write(new Frame.Complete(3, 0, 0, 0));
        MigrationException e = assertThrows(MigrationException.class,
                () -> FrameReader.of(new ByteArrayInputStream(out.toByteArray()), p.destination).next(null));
        assertTrue(e.getMessage().contains("completion claims 3 rounds"), e.getMessage());
    }

    @Test
    void afterAnAbortNothingIsAcceptedAndNothingMayBeSent() {
        Pair p = handshaken();
        p.toSource(new Frame.Abort(Code.OPERATION_ABORTED, "cancelled"));
        assertEquals(ConversationState.ABORTED, p.source.state());
        MigrationException e = assertThrows(MigrationException.class, () -> p.source.sending(new Frame.RoundStart(0)));
        assertTrue(e.getMessage().contains("cannot send ROUND_START in state ABORTED (allowed: [])"), e.getMessage());
    }

    @Test
    void aDataChannelJoinsWithTheTokenSyncsEachRoundAndEnds() {
        Pair p = new Pair(Conversation.sourceData(1, SMALL), Conversation.destinationData(Samples.TOKEN, 1, SMALL, 4));
        p.toDestination(new Frame.ChannelJoin(1, 2, 4, Samples.TOKEN));
        p.toSource(new Frame.HelloAck(1));
        p.memoryToDestination(0, 0, 4);
        p.memoryToDestination(0, 4, 4);
        p.toDestination(new Frame.ChannelSync(0, 2, 8));
        p.memoryToDestination(1, 0, 1);
        MigrationException back = assertThrows(MigrationException.class, () -> p.memoryToDestination(0, 0, 1));
        assertTrue(back.getMessage().contains("MEMORY of round 0 after round 1"), back.getMessage());
    }

    @Test
    void aDataChannelSyncClaimingOtherCountsIsRefused() {
        Conversation d = Conversation.destinationData(Samples.TOKEN, 1, SMALL, 2);
        Pair p = new Pair(Conversation.sourceData(1, SMALL), d);
        p.toDestination(new Frame.ChannelJoin(1, 1, 2, Samples.TOKEN));
        p.toSource(new Frame.HelloAck(1));
        p.memoryToDestination(0, 0, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.of(out, FrameGate.OPEN).write(new Frame.ChannelSync(0, 1, 5));
        MigrationException e = assertThrows(MigrationException.class,
                () -> FrameReader.of(new ByteArrayInputStream(out.toByteArray()), d).next(null));
        assertTrue(e.getMessage().contains("claims 1 frames and 5 pages, the channel carried 1 and 4"), e.getMessage());
    }

    @Test
    void aDataChannelWithAWrongTokenOrChannelCountIsRefused() {
        Conversation d = Conversation.destinationData(Samples.TOKEN, 1, SMALL, 4);
        MigrationException wrongToken = assertThrows(MigrationException.class,
                () -> new Pair(Conversation.sourceData(1, SMALL), d)
                        .toDestination(new Frame.ChannelJoin(1, 1, 4, Samples.OTHER_TOKEN)));
        assertEquals(Code.AUTH_FAILED, wrongToken.code());
        Conversation d2 = Conversation.destinationData(Samples.TOKEN, 1, SMALL, 4);
        MigrationException wrongCount = assertThrows(MigrationException.class,
                () -> new Pair(Conversation.sourceData(1, SMALL), d2)
                        .toDestination(new Frame.ChannelJoin(1, 1, 3, Samples.TOKEN)));
        assertTrue(wrongCount.getMessage().contains("agreed version 1 and 4 channels"), wrongCount.getMessage());
    }

    @Test
    void aHelloOnADataChannelIsRefused() {
        Conversation d = Conversation.destinationData(Samples.TOKEN, 1, SMALL, 2);
        MigrationException e = assertThrows(MigrationException.class,
                () -> new Pair(Conversation.sourceControl(), d).toDestination(new Frame.Hello(1, 1, Samples.TOKEN)));
        assertTrue(e.getMessage().contains("frame HELLO may not come in state AWAIT_JOIN"), e.getMessage());
    }

    @Test
    void everyNonTerminalStateAcceptsAbortAndNoTerminalStateAcceptsAnything() {
        for (ConversationState s : ConversationState.values()) {
            if (s.terminal()) {
                assertTrue(s.allowed().isEmpty(), s + " accepts " + s.allowed());
            } else {
                assertEquals(ConversationState.ABORTED, s.next(FrameType.ABORT).orElseThrow(), s.name());
                assertTrue(s.allowed().size() >= 2, s + " has a way forward");
            }
        }
    }

    private static Pair coldHandshaken() {
        Pair p = new Pair(Conversation.sourceCheckpoint(), Conversation.destinationCheckpoint(Samples.TOKEN));
        p.toDestination(new Frame.Hello(Protocol.VERSION_MIN, Protocol.VERSION_MAX, Samples.TOKEN));
        p.toSource(new Frame.HelloAck(Protocol.VERSION_MAX));
        p.toDestination(SMALL);
        p.toSource(new Frame.Compatible());
        return p;
    }

    private static Frame.CheckpointData chunk(Frame.CheckpointPart part, long offset, int length) {
        return new Frame.CheckpointData(part, offset, length, new byte[length]);
    }

    @Test
    void aWholeColdMigrationSendsEveryCheckpointFileInOrderThenCompletes() {
        Pair p = coldHandshaken();
        p.toDestination(new Frame.CheckpointBegin(16 * 4096, 10, 3));
        p.toDestination(chunk(Frame.CheckpointPart.MEMORY, 0, 8 * 4096));
        p.toDestination(new Frame.CheckpointData(Frame.CheckpointPart.MEMORY, 8 * 4096, 8 * 4096, null));
        p.toDestination(chunk(Frame.CheckpointPart.KERN, 0, 6));
        p.toDestination(chunk(Frame.CheckpointPart.KERN, 6, 4));
        p.toDestination(chunk(Frame.CheckpointPart.META, 0, 3));
        p.toDestination(new Frame.Complete(1, 8, 8, 13));
        assertEquals(ConversationState.AWAIT_ACK, p.destination.state());
        p.toSource(new Frame.CompleteAck());
        assertEquals(ConversationState.COMPLETED, p.source.state());
        assertEquals(ConversationState.COMPLETED, p.destination.state());
    }

    @Test
    void checkpointChunksOutOfOrderOrBeyondTheirFileAreRefusedNamingTheDueChunk() {
        Pair p = coldHandshaken();
        p.toDestination(new Frame.CheckpointBegin(16 * 4096, 10, 3));
        Pair wrongSide = p;
        MigrationException skip = assertThrows(MigrationException.class, () -> FrameReader.of(
                new ByteArrayInputStream(Samples.encode(chunk(Frame.CheckpointPart.KERN, 0, 4))),
                wrongSide.destination).next(null));
        assertEquals(MigrationException.Code.RPC, skip.code());
        assertTrue(skip.getMessage().contains("KERN@0 where MEMORY@0 was due"), skip.getMessage());
        assertEquals("CHECKPOINT", skip.state());
        Pair q = coldHandshaken();
        q.toDestination(new Frame.CheckpointBegin(16 * 4096, 10, 3));
        q.toDestination(chunk(Frame.CheckpointPart.MEMORY, 0, 16 * 4096));
        MigrationException beyond = assertThrows(MigrationException.class, () -> FrameReader.of(
                new ByteArrayInputStream(Samples.encode(chunk(Frame.CheckpointPart.KERN, 0, 11))), q.destination)
                .next(null));
        assertTrue(beyond.getMessage().contains("ends beyond 10 bytes"), beyond.getMessage());
    }

    @Test
    void aCompletionBeforeEveryCheckpointFileIsWholeIsRefused() {
        Pair p = coldHandshaken();
        p.toDestination(new Frame.CheckpointBegin(16 * 4096, 10, 3));
        p.toDestination(chunk(Frame.CheckpointPart.MEMORY, 0, 16 * 4096));
        MigrationException e = assertThrows(MigrationException.class, () -> FrameReader.of(
                new ByteArrayInputStream(Samples.encode(new Frame.Complete(1, 16, 0, 0))), p.destination).next(null));
        assertTrue(e.getMessage().contains("completion while checkpoint file KERN has 0 of 10 bytes"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherMemorySizeThanTheAgreedLayoutIsRefused() {
        Pair p = coldHandshaken();
        MigrationException e = assertThrows(MigrationException.class, () -> FrameReader.of(
                new ByteArrayInputStream(Samples.encode(new Frame.CheckpointBegin(32 * 4096, 1, 1))), p.destination)
                .next(null));
        assertTrue(e.getMessage().contains("a checkpoint of 131072 memory bytes, the agreed layout has 65536"),
                e.getMessage());
    }

    @Test
    void aMemoryRoundStreamRefusesCheckpointFramesAndACheckpointStreamRefusesRounds() {
        Pair live = handshaken();
        MigrationException a = assertThrows(MigrationException.class, () -> FrameReader.of(
                new ByteArrayInputStream(Samples.encode(new Frame.CheckpointBegin(16 * 4096, 1, 1))), live.destination)
                .next(null));
        assertTrue(a.getMessage().contains("does not belong to a memory-round migration"), a.getMessage());
        Pair cold = coldHandshaken();
        MigrationException b = assertThrows(MigrationException.class, () -> FrameReader.of(
                new ByteArrayInputStream(Samples.encode(new Frame.RoundStart(0))), cold.destination).next(null));
        assertTrue(b.getMessage().contains("does not belong to a cold (checkpoint) migration"), b.getMessage());
        assertThrows(MigrationException.class, () -> FrameWriter.of(new java.io.ByteArrayOutputStream(), cold.source)
                .write(new Frame.FinalRoundStart(0)));
    }
}
