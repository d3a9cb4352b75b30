package org.bhyvirt.migration.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;

/**
 * Decodes frames from a channel. For each frame it reads the fixed header, refuses an unknown
 * code, non-zero flags or a length outside the type's bounds BEFORE it allocates or reads the
 * payload, asks its {@link FrameGate} whether the frame may come now, and only then reads it:
 * so a hostile peer can make it allocate at most one bounded frame. MEMORY page data is read
 * straight into the {@link PageSink}'s buffers after the whole run table has been checked.
 * Buffers are allocated once per reader; not thread-safe (one reader per channel and thread).
 * A peer that closes the stream, at a frame boundary or inside a frame, is an error.
 */
public final class FrameReader {

    private static final int CONTROL_CAPACITY = (int) FrameType.COMPATIBILITY.maxPayload();

    private final ReadableByteChannel channel;
    private final FrameGate gate;
    private final ByteBuffer header = ByteBuffer.allocate(Protocol.HEADER_BYTES);
    private final ByteBuffer control = ByteBuffer.allocate(CONTROL_CAPACITY);
    private final ByteBuffer runTable = ByteBuffer.allocateDirect(
            Protocol.MEMORY_PREFIX_BYTES + Protocol.MAX_RUNS_PER_FRAME * Protocol.RUN_DESCRIPTOR_BYTES);
    private final long[] runFirst = new long[Protocol.MAX_RUNS_PER_FRAME];
    private final int[] runCount = new int[Protocol.MAX_RUNS_PER_FRAME];
    private final boolean[] runZero = new boolean[Protocol.MAX_RUNS_PER_FRAME];
    private long bytesRead;

    public FrameReader(ReadableByteChannel channel, FrameGate gate) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** A reader over a stream (e.g. a socket's stream, which honours SO_TIMEOUT). */
    public static FrameReader of(InputStream in, FrameGate gate) {
        return new FrameReader(Channels.newChannel(in), gate);
    }

    /** Bytes read so far, headers included. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * Reads the next frame. MEMORY pages go to {@code sink} (which may be null where no MEMORY
     * frame can come; one that comes anyway is refused).
     */
    public Frame next(PageSink sink) {
        header.clear();
        if (!readFully(header, null, true)) {
            throw refuse(MigrationException.Code.RPC, "the peer closed the stream");
        }
        header.flip();
        int code = Short.toUnsignedInt(header.getShort());
        int flags = Short.toUnsignedInt(header.getShort());
        long length = Integer.toUnsignedLong(header.getInt());
        FrameType type = FrameType.ofCode(code).orElseThrow(() -> refuse(MigrationException.Code.RPC,
                "unknown frame code " + code + " (" + length + " bytes declared)"));
        if (flags != 0) {
            throw refuse(MigrationException.Code.RPC, "frame " + type + " has flags " + flags + ", version 1 uses none");
        }
        if (length < type.minPayload() || length > type.maxPayload()) {
            throw refuse(MigrationException.Code.RPC, "frame " + type + " declares " + length
                    + " payload bytes, outside its bounds " + type.minPayload() + ".." + type.maxPayload());
        }
        gate.admit(type);
        Frame frame;
        if (type == FrameType.MEMORY) {
            return readMemory((int) length, sink);
        } else if (type == FrameType.DEVICE_STATE) {
            frame = readState((int) length);
        } else if (type == FrameType.CHECKPOINT_DATA) {
            frame = readCheckpointData((int) length);
        } else {
            control.clear().limit((int) length);
            readFully(control, type, false);
            control.flip();
            frame = decode(type, control);
        }
        gate.received(frame);
        return frame;
    }

    private Frame decode(FrameType type, ByteBuffer p) {
        Frame f;
        try {
            f = switch (type) {
                case HELLO -> {
                    checkMagic(p.getInt(), type);
                    int min = Short.toUnsignedInt(p.getShort());
                    int max = Short.toUnsignedInt(p.getShort());
                    yield new Frame.Hello(min, max, token(p));
                }
                case HELLO_ACK -> {
                    int v = Short.toUnsignedInt(p.getShort());
                    requireZero(p.getShort(), type);
                    yield new Frame.HelloAck(v);
                }
                case COMPATIBILITY -> {
                    int pageSize = p.getInt();
                    int vcpus = p.getInt();
                    int n = Short.toUnsignedInt(p.getShort());
                    if (n > Protocol.MAX_SEGMENTS) {
                        throw malformed(type, n + " segments, at most " + Protocol.MAX_SEGMENTS);
                    }
                    List<Frame.Segment> segments = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        segments.add(new Frame.Segment(p.getLong(), p.getLong()));
                    }
                    String cpu = string(p, Protocol.MAX_CPU_MODEL_BYTES, type);
                    int d = Short.toUnsignedInt(p.getShort());
                    if (d > Protocol.MAX_DEVICES) {
                        throw malformed(type, d + " devices, at most " + Protocol.MAX_DEVICES);
                    }
                    List<String> devices = new ArrayList<>(d);
                    for (int i = 0; i < d; i++) {
                        devices.add(string(p, Protocol.MAX_NAME_BYTES, type));
                    }
                    yield new Frame.Compatibility(pageSize, vcpus, segments, cpu, devices);
                }
                case COMPATIBLE -> new Frame.Compatible();
                case ROUND_START -> new Frame.RoundStart(p.getInt());
                case FINAL_ROUND_START -> new Frame.FinalRoundStart(p.getInt());
                case ROUND_END -> new Frame.RoundEnd(p.getInt(), p.getLong(), p.getLong(), p.getLong(),
                        p.getLong(), p.getLong());
                case COMPLETE -> new Frame.Complete(p.getInt(), p.getLong(), p.getLong(), p.getLong());
                case COMPLETE_ACK -> new Frame.CompleteAck();
                case ABORT -> {
                    int number = p.getInt();
                    yield new Frame.Abort(MigrationException.Code.ofNumber(number),
                            string(p, Protocol.MAX_REASON_BYTES, type));
                }
                case CHANNEL_JOIN -> {
                    checkMagic(p.getInt(), type);
                    int version = Short.toUnsignedInt(p.getShort());
                    int index = Short.toUnsignedInt(p.getShort());
                    int count = Short.toUnsignedInt(p.getShort());
                    requireZero(p.getShort(), type);
                    yield new Frame.ChannelJoin(version, index, count, token(p));
                }
                case CHANNEL_SYNC -> new Frame.ChannelSync(p.getInt(), p.getLong(), p.getLong());
                case CHANNEL_END -> new Frame.ChannelEnd();
                case CHECKPOINT_BEGIN -> new Frame.CheckpointBegin(p.getLong(), p.getLong(), p.getLong());
                case MEMORY, DEVICE_STATE, CHECKPOINT_DATA -> throw new IllegalStateException("decoded elsewhere: " + type);
            };
        } catch (BufferUnderflowException e) {
            throw malformed(type, "payload ends early");
        } catch (IllegalArgumentException e) {
            throw malformed(type, e.getMessage());
        }
        if (p.hasRemaining()) {
            throw malformed(type, p.remaining() + " bytes left over");
        }
        return f;
    }

    private Frame readState(int length) {
        control.clear().limit(3);
        readFully(control, FrameType.DEVICE_STATE, false);
        control.flip();
        int kindCode = Byte.toUnsignedInt(control.get());
        int nameLength = Short.toUnsignedInt(control.getShort());
        Frame.StateKind kind = Frame.StateKind.ofCode(kindCode);
        if (kind == null) {
            throw malformed(FrameType.DEVICE_STATE, "unknown state kind " + kindCode);
        }
        if (nameLength == 0 || nameLength > Protocol.MAX_NAME_BYTES || 3 + nameLength > length) {
            throw malformed(FrameType.DEVICE_STATE, "name of " + nameLength + " bytes in a " + length + "-byte frame");
        }
        control.clear().limit(nameLength);
        readFully(control, FrameType.DEVICE_STATE, false);
        String name = new String(control.array(), 0, nameLength, StandardCharsets.UTF_8);
        byte[] data = new byte[length - 3 - nameLength];
        readFully(ByteBuffer.wrap(data), FrameType.DEVICE_STATE, false);
        return new Frame.DeviceState(kind, name, data);
    }

    private Frame readCheckpointData(int length) {
        FrameType type = FrameType.CHECKPOINT_DATA;
        control.clear().limit(Protocol.CHECKPOINT_PREFIX_BYTES);
        readFully(control, type, false);
        control.flip();
        int partCode = Byte.toUnsignedInt(control.get());
        int flags = Byte.toUnsignedInt(control.get());
        requireZero(control.getShort(), type);
        long chunk = Integer.toUnsignedLong(control.getInt());
        long offset = control.getLong();
        Frame.CheckpointPart part = Frame.CheckpointPart.ofCode(partCode);
        if (part == null) {
            throw malformed(type, "unknown checkpoint part " + partCode);
        }
        if ((flags & ~Protocol.CHECKPOINT_FLAG_ZERO) != 0) {
            throw malformed(type, "unknown flags " + flags);
        }
        boolean zero = flags == Protocol.CHECKPOINT_FLAG_ZERO;
        long carried = length - Protocol.CHECKPOINT_PREFIX_BYTES;
        if (chunk == 0 || chunk > Protocol.MAX_CHECKPOINT_CHUNK_BYTES || (zero ? carried != 0 : carried != chunk)) {
            throw malformed(type, "a " + (zero ? "zero " : "") + "chunk of " + chunk + " bytes in a " + length
                    + "-byte frame");
        }
        byte[] data = null;
        if (!zero) {
            data = new byte[(int) chunk];
            readFully(ByteBuffer.wrap(data), type, false);
        }
        try {
            return new Frame.CheckpointData(part, offset, (int) chunk, data);
        } catch (IllegalArgumentException e) {
            throw malformed(type, e.getMessage());
        }
    }

    private Frame readMemory(int length, PageSink sink) {
        FrameType type = FrameType.MEMORY;
        ByteBuffer t = runTable.clear().limit(Protocol.MEMORY_PREFIX_BYTES);
        readFully(t, type, false);
        int round = t.getInt(0);
        int runs = t.getInt(4);
        if (round < 0 || runs < 1 || runs > Protocol.MAX_RUNS_PER_FRAME
                || Protocol.MEMORY_PREFIX_BYTES + (long) runs * Protocol.RUN_DESCRIPTOR_BYTES > length) {
            throw malformed(type, "round " + round + " with " + runs + " runs in " + length + " bytes");
        }
        t.clear().limit(runs * Protocol.RUN_DESCRIPTOR_BYTES);
        readFully(t, type, false);
        t.flip();
        long dataPages = 0;
        long zeroPages = 0;
        for (int i = 0; i < runs; i++) {
            long first = t.getLong();
            long count = Integer.toUnsignedLong(t.getInt());
            int flags = t.getInt();
            if (count == 0 || count > Integer.MAX_VALUE || first < 0 || first + count < first
                    || (flags & ~Protocol.RUN_FLAG_ZERO) != 0) {
                throw malformed(type, "bad run " + first + "+" + count + " flags " + flags);
            }
            gate.checkPages(first, count);
            runFirst[i] = first;
            runCount[i] = (int) count;
            runZero[i] = flags == Protocol.RUN_FLAG_ZERO;
            if (runZero[i]) {
                zeroPages += count;
            } else {
                dataPages += count;
            }
        }
        long expected = Protocol.MEMORY_PREFIX_BYTES + (long) runs * Protocol.RUN_DESCRIPTOR_BYTES
                + dataPages * Protocol.PAGE_SIZE;
        if (expected != length) {
            throw malformed(type, "runs describe " + expected + " bytes, the header " + length);
        }
        Frame.Memory summary = new Frame.Memory(round, runs, dataPages, zeroPages);
        gate.received(summary);
        if (sink == null) {
            throw refuse(MigrationException.Code.INTERNAL_ERROR, "a MEMORY frame came where no page sink was given");
        }
        for (int i = 0; i < runs; i++) {
            if (runZero[i]) {
                sink.zero(runFirst[i], runCount[i]);
                continue;
            }
            int bytes = runCount[i] * Protocol.PAGE_SIZE;
            ByteBuffer target = sink.target(runFirst[i], runCount[i]);
            if (target.remaining() < bytes) {
                throw refuse(MigrationException.Code.INTERNAL_ERROR, "page sink gave " + target.remaining()
                        + " bytes for a run of " + bytes);
            }
            int limit = target.limit();
            target.limit(target.position() + bytes);
            try {
                readFully(target, type, false);
            } finally {
                target.limit(limit);
            }
        }
        return summary;
    }

    private static MigrationToken token(ByteBuffer p) {
        byte[] b = new byte[MigrationToken.BYTES];
        p.get(b);
        return MigrationToken.of(b);
    }

    private void checkMagic(int magic, FrameType type) {
        if (magic != Protocol.MAGIC) {
            throw refuse(MigrationException.Code.RPC, "frame " + type + " has magic 0x" + Integer.toHexString(magic)
                    + ", not a bhyvirt migration stream");
        }
    }

    private void requireZero(short reserved, FrameType type) {
        if (reserved != 0) {
            throw malformed(type, "reserved field is " + reserved);
        }
    }

    private String string(ByteBuffer p, int max, FrameType type) {
        int n = Short.toUnsignedInt(p.getShort());
        if (n > max || n > p.remaining()) {
            throw malformed(type, "string of " + n + " bytes (at most " + max + ", " + p.remaining() + " left)");
        }
        String s = new String(p.array(), p.arrayOffset() + p.position(), n, StandardCharsets.UTF_8);
        p.position(p.position() + n);
        return s;
    }

    /** Fills {@code b}; returns false only when {@code eofAllowedAtStart} and the stream ended first. */
    private boolean readFully(ByteBuffer b, FrameType type, boolean eofAllowedAtStart) {
        int start = b.position();
        try {
            while (b.hasRemaining()) {
                int n = channel.read(b);
                if (n < 0) {
                    if (eofAllowedAtStart && b.position() == start) {
                        return false;
                    }
                    throw refuse(MigrationException.Code.RPC, "truncated " + (type == null ? "frame header" : "frame " + type)
                            + ": the stream ended after " + (b.position() - start) + " of " + (b.limit() - start) + " bytes");
                }
                bytesRead += n;
            }
            return true;
        } catch (SocketTimeoutException e) {
            throw new MigrationException(MigrationException.Code.OPERATION_TIMEOUT, MigrationPhase.PERFORM,
                    gate.stateName(), "the peer sent nothing in time: " + e.getMessage(), e);
        } catch (AsynchronousCloseException e) {
            throw new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.PERFORM,
                    gate.stateName(), "the channel was closed while reading", e);
        } catch (IOException e) {
            throw new MigrationException(MigrationException.Code.READ_FAILED, MigrationPhase.PERFORM,
                    gate.stateName(), "reading the migration stream failed: " + e, e);
        }
    }

    private MigrationException malformed(FrameType type, String detail) {
        return refuse(MigrationException.Code.RPC, "malformed frame " + type + ": " + detail);
    }

    private MigrationException refuse(MigrationException.Code code, String message) {
        return new MigrationException(code, MigrationPhase.PERFORM, gate.stateName(), message);
    }
}
