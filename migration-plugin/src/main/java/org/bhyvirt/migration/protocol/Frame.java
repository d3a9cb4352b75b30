package org.bhyvirt.migration.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bhyvirt.migration.MigrationException;

/**
 * One decoded frame of the migration protocol, as an immutable record per {@link FrameType}.
 * Memory frames are the exception to "decoded into a record": their page data goes straight to
 * a {@link PageSink} and {@link Memory} only summarises what was delivered.
 */
public sealed interface Frame {

    /** The frame's type (and so its wire code). */
    FrameType type();

    /** Opens the control channel: this source speaks versions min..max and holds the token. */
    record Hello(int minVersion, int maxVersion, MigrationToken token) implements Frame {
        public Hello {
            Objects.requireNonNull(token, "token");
            if (minVersion < 1 || maxVersion < minVersion || maxVersion > 0xFFFF) {
                throw new IllegalArgumentException("bad version range " + minVersion + ".." + maxVersion);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.HELLO;
        }
    }

    /** The destination speaks {@code version} on this channel. */
    record HelloAck(int version) implements Frame {
        public HelloAck {
            if (version < 1 || version > 0xFFFF) {
                throw new IllegalArgumentException("bad version " + version);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.HELLO_ACK;
        }
    }

    /** A guest memory segment: {@code length} bytes at guest physical address {@code gpa}. */
    record Segment(long gpa, long length) {
        public Segment {
            if (gpa < 0 || length <= 0 || gpa % Protocol.PAGE_SIZE != 0 || length % Protocol.PAGE_SIZE != 0
                    || gpa + length < gpa) {
                throw new IllegalArgumentException("bad segment gpa=" + gpa + " length=" + length
                        + " (page-aligned, positive, no overflow)");
            }
        }

        /** First page index (gpa / page size). */
        public long firstPage() {
            return gpa >>> Protocol.PAGE_SHIFT;
        }

        /** Number of pages. */
        public long pages() {
            return length >>> Protocol.PAGE_SHIFT;
        }
    }

    /** What the destination must match: page size, vCPUs, memory layout, CPU model, devices. */
    record Compatibility(int pageSize, int vcpus, List<Segment> segments, String cpuModel, List<String> devices)
            implements Frame {
        public Compatibility {
            segments = List.copyOf(segments);
            devices = List.copyOf(devices);
            Objects.requireNonNull(cpuModel, "cpuModel");
            if (pageSize <= 0 || vcpus <= 0 || segments.isEmpty() || segments.size() > Protocol.MAX_SEGMENTS
                    || devices.size() > Protocol.MAX_DEVICES) {
                throw new IllegalArgumentException("bad compatibility: pageSize=" + pageSize + " vcpus=" + vcpus
                        + " segments=" + segments.size() + " devices=" + devices.size());
            }
        }

        /** Total guest memory in bytes. */
        public long memoryBytes() {
            return segments.stream().mapToLong(Segment::length).sum();
        }

        /** Whether pages {@code firstPage .. firstPage+count-1} all lie in one segment. */
        public boolean containsPages(long firstPage, long count) {
            for (Segment s : segments) {
                if (firstPage >= s.firstPage() && count <= s.pages() && firstPage - s.firstPage() <= s.pages() - count) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public FrameType type() {
            return FrameType.COMPATIBILITY;
        }
    }

    /** The destination accepts the compatibility check. */
    record Compatible() implements Frame {
        @Override
        public FrameType type() {
            return FrameType.COMPATIBLE;
        }
    }

    /** Pre-copy round {@code round} begins (guest running). */
    record RoundStart(int round) implements Frame {
        public RoundStart {
            requireRound(round);
        }

        @Override
        public FrameType type() {
            return FrameType.ROUND_START;
        }
    }

    /** The final round {@code round} begins (guest paused). */
    record FinalRoundStart(int round) implements Frame {
        public FinalRoundStart {
            requireRound(round);
        }

        @Override
        public FrameType type() {
            return FrameType.FINAL_ROUND_START;
        }
    }

    /** Summary of a delivered MEMORY frame: its round, runs, pages with data and zero pages. */
    record Memory(int round, int runs, long dataPages, long zeroPages) implements Frame {
        @Override
        public FrameType type() {
            return FrameType.MEMORY;
        }
    }

    /**
     * Round {@code round} ends: pages with data and zero pages sent, bytes sent, dirty pages the
     * source knew of when it ended, and the round's duration.
     */
    record RoundEnd(int round, long dataPages, long zeroPages, long bytes, long dirtyPages, long durationNanos)
            implements Frame {
        public RoundEnd {
            requireRound(round);
            if (dataPages < 0 || zeroPages < 0 || bytes < 0 || dirtyPages < 0 || durationNanos < 0) {
                throw new IllegalArgumentException("negative round statistics");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.ROUND_END;
        }
    }

    /** What a state blob holds. Codes are wire values. */
    enum StateKind {
        /** One vCPU's registers. */
        VCPU(1),
        /** A kernel (vmm) structure such as vlapic or vhpet. */
        KERNEL(2),
        /** A user-space device model. */
        DEVICE(3);

        private final int code;

        StateKind(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        static StateKind ofCode(int code) {
            for (StateKind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    /** One state blob: kind, name (e.g. "vcpu0", "vlapic", "virtio-blk@4") and opaque bytes. */
    record DeviceState(StateKind kind, String name, byte[] data) implements Frame {
        public DeviceState {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
            if (name.isEmpty() || data.length > Protocol.MAX_STATE_BYTES) {
                throw new IllegalArgumentException("bad state " + name + " of " + data.length + " bytes");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.DEVICE_STATE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DeviceState d && kind == d.kind && name.equals(d.name) && Arrays.equals(data, d.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, name, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "DeviceState[" + kind + " " + name + ", " + data.length + " bytes]";
        }
    }

    /** Everything is sent: rounds, pages with data, zero pages, state bytes (all channels). */
    record Complete(int rounds, long dataPages, long zeroPages, long stateBytes) implements Frame {
        public Complete {
            if (rounds < 1 || dataPages < 0 || zeroPages < 0 || stateBytes < 0) {
                throw new IllegalArgumentException("bad completion totals");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.COMPLETE;
        }
    }

    /** The destination holds everything and takes over the guest. */
    record CompleteAck() implements Frame {
        @Override
        public FrameType type() {
            return FrameType.COMPLETE_ACK;
        }
    }

    /** The sender stops the migration with {@code code} (a MigrationException code) and a reason. */
    record Abort(MigrationException.Code code, String reason) implements Frame {
        public Abort {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public FrameType type() {
            return FrameType.ABORT;
        }
    }

    /** Opens extra channel {@code index} of {@code count} for the migration holding {@code token}. */
    record ChannelJoin(int version, int index, int count, MigrationToken token) implements Frame {
        public ChannelJoin {
            Objects.requireNonNull(token, "token");
            if (version < 1 || version > 0xFFFF || count < 2 || count > Protocol.MAX_CHANNELS
                    || index < 1 || index >= count) {
                throw new IllegalArgumentException("bad channel join: version " + version + ", channel "
                        + index + " of " + count);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.CHANNEL_JOIN;
        }
    }

    /** This data channel has sent all its pages of {@code round}: frames and pages it sent. */
    record ChannelSync(int round, long frames, long pages) implements Frame {
        public ChannelSync {
            requireRound(round);
            if (frames < 0 || pages < 0) {
                throw new IllegalArgumentException("negative channel counts");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.CHANNEL_SYNC;
        }
    }

    /** No more frames on this data channel. */
    record ChannelEnd() implements Frame {
        @Override
        public FrameType type() {
            return FrameType.CHANNEL_END;
        }
    }

    /** The checkpoint file a CHECKPOINT_DATA chunk belongs to, with its wire code, in stream order. */
    enum CheckpointPart {
        /** bhyve's FILE: guest memory, lowmem then highmem. */
        MEMORY(0),
        /** bhyve's FILE.kern: kernel structs and device blobs. */
        KERN(1),
        /** bhyve's FILE.meta: the JSON that describes FILE.kern. */
        META(2);

        private final int code;

        CheckpointPart(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The part with wire code {@code code}, or null. */
        public static CheckpointPart ofCode(int code) {
            for (CheckpointPart p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * Cold migration: the guest is checkpointed and these files follow, each in order and whole:
     * guest memory ({@code memoryBytes}, page-aligned), state ({@code kernBytes}), metadata
     * ({@code metaBytes}).
     */
    record CheckpointBegin(long memoryBytes, long kernBytes, long metaBytes) implements Frame {
        public CheckpointBegin {
            if (memoryBytes <= 0 || memoryBytes % Protocol.PAGE_SIZE != 0 || kernBytes < 0
                    || kernBytes > Protocol.MAX_CHECKPOINT_KERN_BYTES || metaBytes <= 0
                    || metaBytes > Protocol.MAX_CHECKPOINT_META_BYTES) {
                throw new IllegalArgumentException("bad checkpoint sizes: memory " + memoryBytes + " (page-aligned), kern "
                        + kernBytes + " (at most " + Protocol.MAX_CHECKPOINT_KERN_BYTES + "), meta " + metaBytes
                        + " (1.." + Protocol.MAX_CHECKPOINT_META_BYTES + ")");
            }
        }

        /** The size of {@code part}. */
        public long size(CheckpointPart part) {
            return switch (part) {
                case MEMORY -> memoryBytes;
                case KERN -> kernBytes;
                case META -> metaBytes;
            };
        }

        @Override
        public FrameType type() {
            return FrameType.CHECKPOINT_BEGIN;
        }
    }

    /**
     * {@code length} bytes of checkpoint file {@code part} at {@code offset}: {@code data} holds them,
     * or is null for an all-zero memory chunk ({@link Protocol#CHECKPOINT_FLAG_ZERO}). Memory chunks
     * are page-aligned. The data array is not copied (the reader hands over a fresh one).
     */
    record CheckpointData(CheckpointPart part, long offset, int length, byte[] data) implements Frame {
        public CheckpointData {
            Objects.requireNonNull(part, "part");
            if (offset < 0 || length <= 0 || length > Protocol.MAX_CHECKPOINT_CHUNK_BYTES
                    || (data != null && data.length != length) || (data == null && part != CheckpointPart.MEMORY)
                    || (part == CheckpointPart.MEMORY && (offset % Protocol.PAGE_SIZE != 0
                            || length % Protocol.PAGE_SIZE != 0))) {
                throw new IllegalArgumentException("bad checkpoint chunk: " + part + " offset " + offset + " length "
                        + length + (data == null ? " (zero)" : " with " + data.length + " data bytes")
                        + "; memory chunks are page-aligned, only they may be zero, at most "
                        + Protocol.MAX_CHECKPOINT_CHUNK_BYTES + " bytes");
            }
        }

        /** Whether the chunk is all zero and travels without data. */
        public boolean zero() {
            return data == null;
        }

        @Override
        public FrameType type() {
            return FrameType.CHECKPOINT_DATA;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CheckpointData d && part == d.part && offset == d.offset && length == d.length
                    && Arrays.equals(data, d.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(part, offset, length, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "CheckpointData[" + part + "@" + offset + "+" + length + (data == null ? ", zero]" : "]");
        }
    }

    private static void requireRound(int round) {
        if (round < 0) {
            throw new IllegalArgumentException("negative round " + round);
        }
    }
}
