package org.bhyvirt.migration.engine;

import java.io.IOException;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.driver.vmm.MemorySegment;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.protocol.Conversation;
import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameReader;
import org.bhyvirt.migration.protocol.FrameWriter;

/**
 * The destination's side of the control stream's opening and failure, shared by
 * {@link TargetMigration} and {@link ColdTargetMigration}: HELLO answered with HELLO_ACK, the
 * source's COMPATIBILITY checked against what was prepared and answered with COMPATIBLE, an ABORT
 * from the source turned into an exception, and a failure of the receiver told to the source.
 *
 * <p>Guarantee: COMPATIBLE is sent only when the source's vCPUs, memory segments (count, address,
 * size), CPU model and devices all equal the prepared ones; otherwise the failure is
 * CONFIG_UNSUPPORTED naming the first difference. A receiver failing while the conversation is not
 * yet over sends ABORT with the failure's code and reason (best effort) before it rethrows.
 */
final class DestinationHandshake {
    private DestinationHandshake() {
    }

    /** The receiving body a failure of which is reported to the source. */
    @FunctionalInterface
    interface Body {
        void run() throws IOException;
    }

    /**
     * Reads HELLO (the {@link Conversation} checks the token), answers HELLO_ACK, reads and checks
     * COMPATIBILITY against {@code offer} and {@code layout}, answers COMPATIBLE and returns the
     * source's COMPATIBILITY. {@code has} and {@code preparedWith} name the prepared side in the
     * messages ("this VM has", or "NAME has" and "NAME was prepared with").
     */
    static Frame.Compatibility accept(Conversation conv, FrameReader reader, FrameWriter writer,
            MigrationOffer offer, MemoryLayout layout, String has, String preparedWith) {
        reader.next(null);
        writer.write(new Frame.HelloAck(conv.version()));
        Frame.Compatibility c = (Frame.Compatibility) reader.next(null);
        String mismatch = mismatch(c, offer, layout, has, preparedWith);
        if (mismatch != null) {
            throw new MigrationException(Code.CONFIG_UNSUPPORTED, MigrationPhase.PERFORM, conv.stateName(), mismatch);
        }
        writer.write(new Frame.Compatible());
        return c;
    }

    /**
     * Runs {@code body}; if it fails with a {@link MigrationException} while {@code conv} is not
     * over, sends ABORT with its code and reason (a gone source is ignored: its broken stream makes
     * it keep its guest) and rethrows.
     */
    static void abortingOnFailure(Conversation conv, FrameWriter writer, Body body) throws IOException {
        try {
            body.run();
        } catch (MigrationException e) {
            if (!conv.state().terminal()) {
                try {
                    writer.write(new Frame.Abort(e.code(), e.reason()));
                } catch (RuntimeException ignored) {
                    // the source is gone; it keeps its guest when its stream breaks
                }
            }
            throw e;
        }
    }

    /** The failure an ABORT from the source stands for. */
    static MigrationException sourceAborted(Frame.Abort a) {
        return new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "ABORTED",
                "the source aborted: " + a.reason() + " (" + a.code() + ")");
    }

    private static String mismatch(Frame.Compatibility c, MigrationOffer offer, MemoryLayout layout, String has,
            String preparedWith) {
        if (c.vcpus() != offer.vcpus()) {
            return "the source sends " + c.vcpus() + " vCPUs, " + offer.name() + " was prepared with " + offer.vcpus();
        }
        if (c.segments().size() != layout.segments().size()) {
            return "the source sends " + c.segments().size() + " memory segments, " + has + " "
                    + layout.segments().size();
        }
        for (int i = 0; i < c.segments().size(); i++) {
            Frame.Segment s = c.segments().get(i);
            MemorySegment m = layout.segments().get(i);
            if (s.gpa() != m.gpa() || s.length() != m.bytes()) {
                return "memory segment " + i + " is " + s.length() + " bytes at 0x" + Long.toHexString(s.gpa())
                        + ", " + preparedWith + " " + m.bytes() + " at 0x" + Long.toHexString(m.gpa());
            }
        }
        if (!c.cpuModel().equals(offer.cpuModel()) || !c.devices().equals(offer.devices())) {
            return "the source's CPU model or devices differ from those prepared: " + c.cpuModel() + " "
                    + c.devices() + " vs " + offer.cpuModel() + " " + offer.devices();
        }
        return null;
    }
}
