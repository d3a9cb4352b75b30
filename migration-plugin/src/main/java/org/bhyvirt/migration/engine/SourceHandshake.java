package org.bhyvirt.migration.engine;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.protocol.Conversation;
import org.bhyvirt.migration.protocol.ConversationState;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;
import org.bhyvirt.migration.protocol.Protocol;

/**
 * The source's side of the control stream's opening and failure, shared by {@link SourceMigration}
 * and {@link ColdSourceMigration}: HELLO with the destination's token, COMPATIBILITY describing the
 * guest, each awaited answer read with an ABORT turned into an exception, and ABORT sent on a
 * failure.
 *
 * <p>Guarantee: the handshake returns only after the destination answered HELLO_ACK and
 * COMPATIBLE; an ABORT in their place fails with the destination's code and reason. ABORT is sent
 * on a failure only while the stream is open and the conversation neither aborted nor over, and
 * never throws (a gone destination discards what it received when its stream breaks).
 */
final class SourceHandshake {
    private SourceHandshake() {
    }

    /**
     * Sends HELLO with {@code incoming}'s token, awaits HELLO_ACK, sends COMPATIBILITY (the page
     * size, {@code offer}'s vCPUs, CPU model and devices, {@code memory}'s segments), awaits
     * COMPATIBLE and returns the COMPATIBILITY sent.
     */
    static Frame.Compatibility run(Incoming incoming, FrameWriter writer, FrameReader reader, MigrationOffer offer,
            MemoryLayout memory) {
        writer.write(new Frame.Hello(Protocol.VERSION_MIN, Protocol.VERSION_MAX, incoming.token()));
        expect(reader, Frame.HelloAck.class);
        List<Frame.Segment> segments = memory.segments().stream()
                .map(s -> new Frame.Segment(s.gpa(), s.bytes())).toList();
        Frame.Compatibility layout = new Frame.Compatibility(Protocol.PAGE_SIZE, offer.vcpus(), segments,
                offer.cpuModel(), offer.devices());
        writer.write(layout);
        expect(reader, Frame.Compatible.class);
        return layout;
    }

    /** Reads the next frame as a {@code type}; an ABORT fails with the destination's code and reason. */
    static <T extends Frame> T expect(FrameReader reader, Class<T> type) {
        Frame f = reader.next(null);
        if (f instanceof Frame.Abort a) {
            throw new MigrationException(a.code(), MigrationPhase.PERFORM, "ABORTED",
                    "the destination refused: " + a.reason());
        }
        return type.cast(f);
    }

    /** Sends ABORT with {@code cause}'s code and reason on {@code ch} if the conversation may still take it. */
    static void abortQuietly(SocketChannel ch, Conversation conv, MigrationException cause) {
        if (ch != null && ch.isOpen() && conv.state() != ConversationState.ABORTED && !conv.state().terminal()) {
            try {
                new FrameWriter(ch, conv).write(new Frame.Abort(cause.code(), cause.reason()));
            } catch (RuntimeException ignored) {
                // the destination is gone; it discards what it received when its stream breaks
            }
        }
    }

    /** Closes {@code ch}, ignoring a failure (a broken socket holds nothing left to release). */
    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a broken socket: nothing left to release
        }
    }
}
