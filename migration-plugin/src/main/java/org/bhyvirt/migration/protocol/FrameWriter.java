package org.bhyvirt.migration.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;

/**
 * Encodes frames onto a channel. Every frame passes its {@link FrameGate} first, so the local
 * side cannot send out of order. Buffers are allocated once per writer: page data is written
 * straight from the caller's buffers with a gathering write, so a MEMORY frame costs no copy
 * and no allocation per page. Not thread-safe: one writer per channel, used by one thread.
 */
public final class FrameWriter {

    private static final int CONTROL_CAPACITY = Protocol.HEADER_BYTES
            + (int) FrameType.COMPATIBILITY.maxPayload();

    private final WritableByteChannel channel;
    private final GatheringByteChannel gathering;
    private final FrameGate gate;
    private final ByteBuffer control = ByteBuffer.allocate(CONTROL_CAPACITY);
    private final ByteBuffer memoryHead = ByteBuffer.allocateDirect(Protocol.HEADER_BYTES
            + Protocol.MEMORY_PREFIX_BYTES + Protocol.MAX_RUNS_PER_FRAME * Protocol.RUN_DESCRIPTOR_BYTES);
    private final ByteBuffer[] vector = new ByteBuffer[Protocol.MAX_RUNS_PER_FRAME + 1];
    private long bytesWritten;

    public FrameWriter(WritableByteChannel channel, FrameGate gate) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.gathering = channel instanceof GatheringByteChannel g ? g : null;
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /** A writer over a stream (no gathering writes; for files and tests). */
    public static FrameWriter of(OutputStream out, FrameGate gate) {
        return new FrameWriter(Channels.newChannel(out), gate);
    }

    /** Bytes written so far, headers included. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Writes one frame other than MEMORY (use {@link #writeMemory}). */
    public void write(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame instanceof Frame.Memory) {
            throw new MigrationException(MigrationException.Code.INTERNAL_ERROR, MigrationPhase.PERFORM,
                    gate.stateName(), "MEMORY frames are written from a MemoryBatch");
        }
        gate.sending(frame);
        control.clear();
        control.position(Protocol.HEADER_BYTES);
        byte[] tail = null;
        if (frame instanceof Frame.Hello h) {
            control.putInt(Protocol.MAGIC).putShort((short) h.minVersion()).putShort((short) h.maxVersion());
            control.put(h.token().bytes());
        } else if (frame instanceof Frame.HelloAck a) {
            control.putShort((short) a.version()).putShort((short) 0);
        } else if (frame instanceof Frame.Compatibility c) {
            control.putInt(c.pageSize()).putInt(c.vcpus()).putShort((short) c.segments().size());
            for (Frame.Segment s : c.segments()) {
                control.putLong(s.gpa()).putLong(s.length());
            }
            putString(c.cpuModel(), Protocol.MAX_CPU_MODEL_BYTES, "CPU model");
            control.putShort((short) c.devices().size());
            for (String d : c.devices()) {
                putString(d, Protocol.MAX_NAME_BYTES, "device name");
            }
        } else if (frame instanceof Frame.RoundStart r) {
            control.putInt(r.round());
        } else if (frame instanceof Frame.FinalRoundStart r) {
            control.putInt(r.round());
        } else if (frame instanceof Frame.RoundEnd r) {
            control.putInt(r.round()).putLong(r.dataPages()).putLong(r.zeroPages())
                    .putLong(r.bytes()).putLong(r.dirtyPages()).putLong(r.durationNanos());
        } else if (frame instanceof Frame.DeviceState d) {
            control.put((byte) d.kind().code());
            putString(d.name(), Protocol.MAX_NAME_BYTES, "state name");
            tail = d.data();
        } else if (frame instanceof Frame.Complete c) {
            control.putInt(c.rounds()).putLong(c.dataPages()).putLong(c.zeroPages()).putLong(c.stateBytes());
        } else if (frame instanceof Frame.Abort a) {
            control.putInt(a.code().number());
            putString(truncate(a.reason(), Protocol.MAX_REASON_BYTES), Protocol.MAX_REASON_BYTES, "reason");
        } else if (frame instanceof Frame.ChannelJoin j) {
            control.putInt(Protocol.MAGIC).putShort((short) j.version()).putShort((short) j.index())
                    .putShort((short) j.count()).putShort((short) 0).put(j.token().bytes());
        } else if (frame instanceof Frame.ChannelSync c) {
            control.putInt(c.round()).putLong(c.frames()).putLong(c.pages());
        } else if (frame instanceof Frame.CheckpointBegin b) {
            control.putLong(b.memoryBytes()).putLong(b.kernBytes()).putLong(b.metaBytes());
        } else if (frame instanceof Frame.CheckpointData d) {
            control.put((byte) d.part().code()).put((byte) (d.zero() ? Protocol.CHECKPOINT_FLAG_ZERO : 0))
                    .putShort((short) 0).putInt(d.length()).putLong(d.offset());
            tail = d.data();
        }
        // COMPATIBLE, COMPLETE_ACK and CHANNEL_END have no payload.
        int payload = control.position() - Protocol.HEADER_BYTES + (tail == null ? 0 : tail.length);
        control.putShort(0, (short) frame.type().code()).putShort(2, (short) 0).putInt(4, payload);
        control.flip();
        writeFully(control);
        if (tail != null) {
            writeFully(ByteBuffer.wrap(tail));
        }
    }

    /** Writes {@code batch} as one MEMORY frame of {@code round}; the data buffers are consumed. */
    public void writeMemory(int round, MemoryBatch batch) {
        int runs = batch.runs();
        if (runs == 0) {
            throw new MigrationException(MigrationException.Code.INTERNAL_ERROR, MigrationPhase.PERFORM,
                    gate.stateName(), "an empty MEMORY frame");
        }
        gate.sending(new Frame.Memory(round, runs, batch.dataPages(), batch.zeroPages()));
        ByteBuffer head = memoryHead.clear();
        head.putShort((short) FrameType.MEMORY.code()).putShort((short) 0).putInt((int) batch.payloadLength());
        head.putInt(round).putInt(runs);
        int n = 1;
        for (int i = 0; i < runs; i++) {
            ByteBuffer d = batch.data(i);
            head.putLong(batch.firstPage(i)).putInt(batch.pageCount(i)).putInt(d == null ? Protocol.RUN_FLAG_ZERO : 0);
            if (d != null) {
                vector[n++] = d;
            }
        }
        head.flip();
        vector[0] = head;
        try {
            if (gathering != null) {
                long expected = batch.payloadLength() + Protocol.HEADER_BYTES;
                long done = 0;
                int from = 0;
                while (done < expected) {
                    long w = gathering.write(vector, from, n - from);
                    done += w;
                    while (from < n && !vector[from].hasRemaining()) {
                        from++;
                    }
                }
                bytesWritten += done;
            } else {
                for (int i = 0; i < n; i++) {
                    writeFully(vector[i]);
                }
            }
        } catch (IOException e) {
            throw failed(e);
        } finally {
            for (int i = 0; i < n; i++) {
                vector[i] = null;
            }
        }
    }

    private void putString(String s, int max, String what) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > max) {
            throw new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.PERFORM,
                    gate.stateName(), what + " has " + b.length + " UTF-8 bytes, at most " + max + " fit");
        }
        control.putShort((short) b.length).put(b);
    }

    /** The longest prefix of {@code s} whose UTF-8 form fits {@code maxBytes} (never splits a character). */
    static String truncate(String s, int maxBytes) {
        ByteBuffer out = ByteBuffer.allocate(maxBytes);
        StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(s), out, true);
        return new String(out.array(), 0, out.position(), StandardCharsets.UTF_8);
    }

    private void writeFully(ByteBuffer b) {
        try {
            while (b.hasRemaining()) {
                bytesWritten += channel.write(b);
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private MigrationException failed(IOException e) {
        return new MigrationException(MigrationException.Code.WRITE_FAILED, MigrationPhase.PERFORM,
                gate.stateName(), "writing the migration stream failed: " + e, e);
    }
}
