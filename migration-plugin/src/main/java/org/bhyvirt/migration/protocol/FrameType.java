package org.bhyvirt.migration.protocol;

import static org.bhyvirt.migration.protocol.Protocol.CHECKPOINT_PREFIX_BYTES;
import static org.bhyvirt.migration.protocol.Protocol.MAX_CHECKPOINT_CHUNK_BYTES;
import static org.bhyvirt.migration.protocol.Protocol.MAX_CPU_MODEL_BYTES;
import static org.bhyvirt.migration.protocol.Protocol.MAX_DATA_PAGES_PER_FRAME;
import static org.bhyvirt.migration.protocol.Protocol.MAX_DEVICES;
import static org.bhyvirt.migration.protocol.Protocol.MAX_NAME_BYTES;
import static org.bhyvirt.migration.protocol.Protocol.MAX_REASON_BYTES;
import static org.bhyvirt.migration.protocol.Protocol.MAX_RUNS_PER_FRAME;
import static org.bhyvirt.migration.protocol.Protocol.MAX_SEGMENTS;
import static org.bhyvirt.migration.protocol.Protocol.MAX_STATE_BYTES;
import static org.bhyvirt.migration.protocol.Protocol.MEMORY_PREFIX_BYTES;
import static org.bhyvirt.migration.protocol.Protocol.PAGE_SIZE;
import static org.bhyvirt.migration.protocol.Protocol.RUN_DESCRIPTOR_BYTES;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Every frame of the protocol with its wire code, the bounds its payload length must lie in, and
 * the directions it may travel. Codes are explicit, 0 is reserved and a code is never reused;
 * a reader checks a declared length against {@link #minPayload()}..{@link #maxPayload()} before it
 * allocates or reads anything.
 */
public enum FrameType {
    /** S→D: magic, version range, one-time token. */
    HELLO(1, 40, 40, Direction.SOURCE_TO_DESTINATION),
    /** D→S: the chosen version; answers HELLO and CHANNEL_JOIN. */
    HELLO_ACK(2, 4, 4, Direction.DESTINATION_TO_SOURCE),
    /** S→D: page size, vCPUs, memory segments, CPU model, devices. */
    COMPATIBILITY(3, 14,
            4 + 4 + 2 + MAX_SEGMENTS * 16 + 2 + MAX_CPU_MODEL_BYTES + 2 + MAX_DEVICES * (2 + MAX_NAME_BYTES),
            Direction.SOURCE_TO_DESTINATION),
    /** D→S: the destination accepts the compatibility check (a refusal is an ABORT). */
    COMPATIBLE(4, 0, 0, Direction.DESTINATION_TO_SOURCE),
    /** S→D: a pre-copy round begins, the guest still running. */
    ROUND_START(5, 4, 4, Direction.SOURCE_TO_DESTINATION),
    /** S→D: the final round begins, the guest paused (stop-and-copy). */
    FINAL_ROUND_START(6, 4, 4, Direction.SOURCE_TO_DESTINATION),
    /** S→D: runs of pages, zero runs as a flag without data. */
    MEMORY(7, MEMORY_PREFIX_BYTES + RUN_DESCRIPTOR_BYTES,
            MEMORY_PREFIX_BYTES + MAX_RUNS_PER_FRAME * RUN_DESCRIPTOR_BYTES
                    + (long) MAX_DATA_PAGES_PER_FRAME * PAGE_SIZE,
            Direction.SOURCE_TO_DESTINATION),
    /** S→D: the round ends, with its statistics. */
    ROUND_END(8, 44, 44, Direction.SOURCE_TO_DESTINATION),
    /** S→D: one vCPU, kernel or device state blob. */
    DEVICE_STATE(9, 1 + 2 + 1, 1 + 2 + MAX_NAME_BYTES + (long) MAX_STATE_BYTES, Direction.SOURCE_TO_DESTINATION),
    /** S→D: everything is sent; totals for the destination to check. */
    COMPLETE(10, 28, 28, Direction.SOURCE_TO_DESTINATION),
    /** D→S: the destination holds everything and takes over the guest. */
    COMPLETE_ACK(11, 0, 0, Direction.DESTINATION_TO_SOURCE),
    /** Either way: the migration stops; error code and reason. */
    ABORT(12, 6, 6 + MAX_REASON_BYTES, Direction.SOURCE_TO_DESTINATION, Direction.DESTINATION_TO_SOURCE),
    /** S→D on an extra channel: magic, version, token, channel index and count. */
    CHANNEL_JOIN(13, 44, 44, Direction.SOURCE_TO_DESTINATION),
    /** S→D on a data channel: this channel has sent all its pages of a round. */
    CHANNEL_SYNC(14, 20, 20, Direction.SOURCE_TO_DESTINATION),
    /** S→D on a data channel: no more frames follow on this channel. */
    CHANNEL_END(15, 0, 0, Direction.SOURCE_TO_DESTINATION),
    /** S→D, cold migration: the guest is checkpointed; sizes of its memory, state and metadata files. */
    CHECKPOINT_BEGIN(16, 24, 24, Direction.SOURCE_TO_DESTINATION),
    /** S→D, cold migration: a chunk of one checkpoint file at an offset; an all-zero memory chunk as a flag. */
    CHECKPOINT_DATA(17, CHECKPOINT_PREFIX_BYTES, CHECKPOINT_PREFIX_BYTES + (long) MAX_CHECKPOINT_CHUNK_BYTES,
            Direction.SOURCE_TO_DESTINATION);

    private static final FrameType[] BY_CODE = new FrameType[32];

    static {
        for (FrameType t : values()) {
            if (BY_CODE[t.code] != null) {
                throw new ExceptionInInitializerError("frame code " + t.code + " used twice");
            }
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final long minPayload;
    private final long maxPayload;
    private final Set<Direction> directions;

    FrameType(int code, long minPayload, long maxPayload, Direction first, Direction... more) {
        this.code = code;
        this.minPayload = minPayload;
        this.maxPayload = maxPayload;
        this.directions = EnumSet.of(first, more);
    }

    /** The wire code (never 0, never reused). */
    public int code() {
        return code;
    }

    /** Smallest legal payload length in bytes. */
    public long minPayload() {
        return minPayload;
    }

    /** Largest legal payload length in bytes. */
    public long maxPayload() {
        return maxPayload;
    }

    /** Whether this frame may travel in {@code direction}. */
    public boolean travels(Direction direction) {
        return directions.contains(direction);
    }

    /** The frame type with wire code {@code code}, if there is one. */
    public static Optional<FrameType> ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
