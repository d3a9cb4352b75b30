package org.bhyvirt.migration.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bhyvirt.migration.MigrationException;

/** Sample frames of every type and small stream helpers for the protocol tests. */
final class Samples {

    static final MigrationToken TOKEN = MigrationToken.ofHex("00112233445566778899aabbccddeeff"
            + "0123456789abcdef0123456789abcdef");
    static final MigrationToken OTHER_TOKEN = MigrationToken.ofHex("ff112233445566778899aabbccddeeff"
            + "0123456789abcdef0123456789abcdef");
    /** 6 GiB guest: 3 GiB lowmem at 0, 3 GiB highmem at 4 GiB. */
    static final Frame.Compatibility LAYOUT = new Frame.Compatibility(4096, 4,
            List.of(new Frame.Segment(0, 3L << 30), new Frame.Segment(4L << 30, 3L << 30)),
            "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", List.of("hostbridge", "lpc", "virtio-blk@4", "virtio-net@5"));

    private Samples() {
    }

    /** One sample per frame type other than MEMORY (MEMORY has its own tests). */
    static Map<FrameType, Frame> controlFrames() {
        Map<FrameType, Frame> m = new EnumMap<>(FrameType.class);
        put(m, new Frame.Hello(1, 3, TOKEN));
        put(m, new Frame.HelloAck(1));
        put(m, LAYOUT);
        put(m, new Frame.Compatible());
        put(m, new Frame.RoundStart(7));
        put(m, new Frame.FinalRoundStart(8));
        put(m, new Frame.RoundEnd(7, 1000, 24, 4_096_000, 17, 123_456_789));
        put(m, new Frame.DeviceState(Frame.StateKind.DEVICE, "virtio-blk@4", new byte[] {1, 2, 3, 0, -1}));
        put(m, new Frame.Complete(9, 1_000_000, 500_000, 65_536));
        put(m, new Frame.CompleteAck());
        put(m, new Frame.Abort(MigrationException.Code.OPERATION_ABORTED, "cancelled by the user (virsh domjobabort)"));
        put(m, new Frame.ChannelJoin(1, 3, 4, TOKEN));
        put(m, new Frame.ChannelSync(7, 12, 4096));
        put(m, new Frame.ChannelEnd());
        put(m, new Frame.CheckpointBegin(6L << 30, 70_000, 900));
        put(m, new Frame.CheckpointData(Frame.CheckpointPart.KERN, 4096, 5, new byte[] {1, 2, 3, 0, -1}));
        return m;
    }

    private static void put(Map<FrameType, Frame> m, Frame f) {
        m.put(f.type(), f);
    }

    static byte[] encode(Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = FrameWriter.of(out, FrameGate.OPEN);
        for (Frame f : frames) {
            w.write(f);
        }
        return out.toByteArray();
    }

    static byte[] header(int code, int flags, long length) {
        return ByteBuffer.allocate(8).putShort((short) code).putShort((short) flags).putInt((int) length).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
