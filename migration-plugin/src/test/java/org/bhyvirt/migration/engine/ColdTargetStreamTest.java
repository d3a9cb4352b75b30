package org.bhyvirt.migration.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameGate;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.MigrationToken;
import org.bhyvirt.migration.protocol.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real {@link ColdTargetMigration} fed by a hand-written source over loopback: a whole checkpoint
 * arrives byte for byte (zero chunks as holes) and is handed to the launcher; a wrong token, a
 * checkpoint of another size, a chunk out of order or a stream that ends early are refused, and
 * then nothing is left in the staging directory and nothing is started.
 */
@Timeout(60)
class ColdTargetStreamTest {
    private static final long MEMORY = 16 * 4096;
    private static final MigrationOffer OFFER = new MigrationOffer("vm0", MEMORY, 1, "host", List.of(),
            MigrationOptions.defaults(MigrationKind.COLD));

    private Path staging;

    @BeforeEach
    void setUp() throws IOException {
        staging = Files.createTempDirectory("bhyvirt-cold-target-");
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(staging)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A source conversation, connected and past the handshake; it talks to {@code target}. */
    private record Source(SocketChannel channel, FrameWriter writer, FrameReader reader) {
    }

    private static Source connect(ColdTargetMigration target, MigrationToken token) throws IOException {
        SocketChannel ch = SocketChannel.open(target.incoming().address());
        FrameWriter w = new FrameWriter(ch, FrameGate.OPEN);
        FrameReader r = new FrameReader(ch, FrameGate.OPEN);
        w.write(new Frame.Hello(Protocol.VERSION_MIN, Protocol.VERSION_MAX, token));
        Frame ack = r.next(null);
        if (ack instanceof Frame.HelloAck) {
            MemoryLayout layout = OFFER.layout();
            w.write(new Frame.Compatibility(Protocol.PAGE_SIZE, 1, layout.segments().stream()
                    .map(s -> new Frame.Segment(s.gpa(), s.bytes())).toList(), "host", List.of()));
            r.next(null);
        }
        return new Source(ch, w, r);
    }

    private static ColdTargetMigration prepare(Path staging) {
        return ColdTargetMigration.prepare(OFFER, InetAddress.getLoopbackAddress(), staging, Duration.ofSeconds(5));
    }

    private void assertNothingStartedAndNothingLeft(ColdTargetMigration target) throws IOException {
        assertThrows(MigrationException.class, () -> target.finish((n, c) -> {
            throw new AssertionError("nothing may start");
        }, Duration.ofSeconds(20)));
        try (Stream<Path> s = Files.list(staging)) {
            assertEquals(List.of(), s.toList(), "the staging directory is empty again");
        }
    }

    @Test
    void aWholeCheckpointArrivesByteForByteWithZeroChunksAsHoles() throws Exception {
        ColdTargetMigration target = prepare(staging);
        Source s = connect(target, target.incoming().token());
        byte[] data = new byte[8 * 4096];
        data[0] = 7;
        data[data.length - 1] = 9;
        s.writer().write(new Frame.CheckpointBegin(MEMORY, 3, 2));
        s.writer().write(new Frame.CheckpointData(Frame.CheckpointPart.MEMORY, 0, 8 * 4096, null));
        s.writer().write(new Frame.CheckpointData(Frame.CheckpointPart.MEMORY, 8 * 4096, 8 * 4096, data));
        s.writer().write(new Frame.CheckpointData(Frame.CheckpointPart.KERN, 0, 3, new byte[] {1, 2, 3}));
        s.writer().write(new Frame.CheckpointData(Frame.CheckpointPart.META, 0, 2, new byte[] {'{', '}'}));
        s.writer().write(new Frame.Complete(1, 8, 8, 5));
        assertTrue(s.reader().next(null) instanceof Frame.CompleteAck);
        Path[] started = new Path[1];
        target.finish((n, c) -> started[0] = c, Duration.ofSeconds(20));
        byte[] memory = Files.readAllBytes(started[0]);
        assertEquals(MEMORY, memory.length);
        assertEquals(0, memory[0], "a zero chunk reads as zeros");
        assertEquals(7, memory[8 * 4096]);
        assertEquals(9, memory[(int) MEMORY - 1]);
        assertTrue(java.util.Arrays.equals(new byte[] {1, 2, 3}, Files.readAllBytes(Path.of(started[0] + ".kern"))));
        assertEquals("{}", Files.readString(Path.of(started[0] + ".meta")));
        s.channel().close();
    }

    @Test
    void aWrongTokenIsRefusedAndNothingIsStarted() throws Exception {
        ColdTargetMigration target = prepare(staging);
        MigrationToken other = MigrationToken.ofHex("ff".repeat(32));
        try (SocketChannel ch = SocketChannel.open(target.incoming().address())) {
            new FrameWriter(ch, FrameGate.OPEN).write(new Frame.Hello(1, 1, other));
            Frame f = new FrameReader(ch, FrameGate.OPEN).next(null);
            assertEquals(MigrationException.Code.AUTH_FAILED, ((Frame.Abort) f).code());
        }
        assertNothingStartedAndNothingLeft(target);
    }

    @Test
    void aCheckpointOfAnotherSizeIsRefusedAndNothingIsLeft() throws Exception {
        ColdTargetMigration target = prepare(staging);
        Source s = connect(target, target.incoming().token());
        s.writer().write(new Frame.CheckpointBegin(2 * MEMORY, 3, 2));
        Frame f = s.reader().next(null);
        assertTrue(f instanceof Frame.Abort a && a.reason().contains("memory bytes"), f.toString());
        assertNothingStartedAndNothingLeft(target);
        s.channel().close();
    }

    @Test
    void aChunkOutOfOrderIsRefusedAndTheReceivedFilesAreDeleted() throws Exception {
        ColdTargetMigration target = prepare(staging);
        Source s = connect(target, target.incoming().token());
        s.writer().write(new Frame.CheckpointBegin(MEMORY, 3, 2));
        s.writer().write(new Frame.CheckpointData(Frame.CheckpointPart.MEMORY, 4096, 4096, new byte[4096]));
        Frame f = s.reader().next(null);
        assertTrue(f instanceof Frame.Abort a && a.reason().contains("MEMORY@4096 where MEMORY@0 was due"),
                f.toString());
        assertNothingStartedAndNothingLeft(target);
        s.channel().close();
    }

    @Test
    void aStreamThatEndsEarlyIsRefusedAndTheReceivedFilesAreDeleted() throws Exception {
        ColdTargetMigration target = prepare(staging);
        Source s = connect(target, target.incoming().token());
        s.writer().write(new Frame.CheckpointBegin(MEMORY, 3, 2));
        s.writer().write(new Frame.CheckpointData(Frame.CheckpointPart.MEMORY, 0, 4096, new byte[4096]));
        s.channel().close();
        assertNothingStartedAndNothingLeft(target);
        assertFalse(Files.exists(staging.resolve("vm0.cold")));
    }
}
