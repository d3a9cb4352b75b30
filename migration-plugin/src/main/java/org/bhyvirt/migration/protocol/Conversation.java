package org.bhyvirt.migration.protocol;

import java.util.Objects;
import java.util.Optional;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;

/**
 * One end's view of one channel: the {@link FrameGate} its reader and writer share. It walks the
 * {@link ConversationState} table for frames in both directions and adds the checks a table
 * cannot express: the one-time token (constant-time), the version range, rounds numbered 0, 1,
 * 2... without gaps, pages inside the agreed memory layout, channel sync counts that match what
 * arrived, completion totals that match what this channel saw. Anything unexpected from the
 * peer is refused with a {@link MigrationException} (code RPC, AUTH_FAILED, OPERATION_UNSUPPORTED
 * or CONFIG_UNSUPPORTED) naming the state; a frame the local side may not send now is refused
 * with OPERATION_INVALID. Thread-safe: a reader thread and a writer thread may share it.
 */
public final class Conversation implements FrameGate {

    private final Direction incoming;
    private final MigrationToken expectedToken;
    private final int versionMin;
    private final int versionMax;
    private final int channelCount;
    private ConversationState state;
    private int version;
    private Frame.Compatibility layout;
    private int nextRound;
    private int currentRound = -1;
    private int rounds;
    private long dataPages;
    private long zeroPages;
    private long stateBytes;
    private int lastSyncedRound = -1;
    private int channelRound = -1;
    private long channelFrames;
    private long channelPages;
    private Frame.Abort abort;
    private final boolean checkpointStream;
    private Frame.CheckpointBegin checkpoint;
    private Frame.CheckpointPart checkpointPart;
    private long checkpointOffset;

    private Conversation(Direction incoming, ConversationState start, MigrationToken expectedToken,
            int versionMin, int versionMax, int version, Frame.Compatibility layout, int channelCount) {
        this(incoming, start, expectedToken, versionMin, versionMax, version, layout, channelCount, false);
    }

    private Conversation(Direction incoming, ConversationState start, MigrationToken expectedToken,
            int versionMin, int versionMax, int version, Frame.Compatibility layout, int channelCount,
            boolean checkpointStream) {
        this.checkpointStream = checkpointStream;
        this.incoming = incoming;
        this.state = start;
        this.expectedToken = expectedToken;
        this.versionMin = versionMin;
        this.versionMax = versionMax;
        this.version = version;
        this.layout = layout;
        this.channelCount = channelCount;
    }

    /** The destination's control channel: it expects {@code token} and speaks this build's versions. */
    public static Conversation destinationControl(MigrationToken token) {
        return new Conversation(Direction.SOURCE_TO_DESTINATION, ConversationState.AWAIT_HELLO,
                Objects.requireNonNull(token, "token"), Protocol.VERSION_MIN, Protocol.VERSION_MAX, 0, null, 1);
    }

    /**
     * The destination's control channel of a cold migration: after COMPATIBLE only a checkpoint
     * (CHECKPOINT_BEGIN, CHECKPOINT_DATA, COMPLETE) may come, no rounds; the other control
     * channels refuse the checkpoint frames.
     */
    public static Conversation destinationCheckpoint(MigrationToken token) {
        return new Conversation(Direction.SOURCE_TO_DESTINATION, ConversationState.AWAIT_HELLO,
                Objects.requireNonNull(token, "token"), Protocol.VERSION_MIN, Protocol.VERSION_MAX, 0, null, 1, true);
    }

    /** The source's control channel of a cold migration (see {@link #destinationCheckpoint}). */
    public static Conversation sourceCheckpoint() {
        return new Conversation(Direction.DESTINATION_TO_SOURCE, ConversationState.AWAIT_HELLO,
                null, Protocol.VERSION_MIN, Protocol.VERSION_MAX, 0, null, 1, true);
    }

    /** The source's control channel. */
    public static Conversation sourceControl() {
        return new Conversation(Direction.DESTINATION_TO_SOURCE, ConversationState.AWAIT_HELLO,
                null, Protocol.VERSION_MIN, Protocol.VERSION_MAX, 0, null, 1);
    }

    /**
     * The destination's data channel of a migration that agreed {@code version} and
     * {@code layout} on its control channel and announced {@code channelCount} channels.
     */
    public static Conversation destinationData(MigrationToken token, int version, Frame.Compatibility layout,
            int channelCount) {
        return new Conversation(Direction.SOURCE_TO_DESTINATION, ConversationState.AWAIT_JOIN,
                Objects.requireNonNull(token, "token"), version, version, version,
                Objects.requireNonNull(layout, "layout"), channelCount);
    }

    /** The source's data channel, after the control channel agreed {@code version} and {@code layout}. */
    public static Conversation sourceData(int version, Frame.Compatibility layout) {
        return new Conversation(Direction.DESTINATION_TO_SOURCE, ConversationState.AWAIT_JOIN,
                null, version, version, version, Objects.requireNonNull(layout, "layout"), 0);
    }

    @Override
    public synchronized void admit(FrameType type) {
        if (!type.travels(incoming) || state.next(type).isEmpty()) {
            throw refuse(Code.RPC, "frame " + type + " may not come in state " + state + " (allowed: "
                    + state.allowed() + ")");
        }
    }

    @Override
    public synchronized void checkPages(long firstPage, long count) {
        if (layout == null || !layout.containsPages(firstPage, count)) {
            throw refuse(Code.RPC, "pages " + firstPage + "+" + count + " lie outside the guest's memory layout");
        }
    }

    @Override
    public synchronized void received(Frame frame) {
        admit(frame.type());
        check(frame, true);
        state = state.next(frame.type()).orElseThrow();
    }

    @Override
    public synchronized void sending(Frame frame) {
        Direction outgoing = incoming == Direction.SOURCE_TO_DESTINATION
                ? Direction.DESTINATION_TO_SOURCE : Direction.SOURCE_TO_DESTINATION;
        if (!frame.type().travels(outgoing) || state.next(frame.type()).isEmpty()) {
            throw refuse(Code.OPERATION_INVALID, "cannot send " + frame.type() + " in state " + state
                    + " (allowed: " + state.allowed() + ")");
        }
        check(frame, false);
        state = state.next(frame.type()).orElseThrow();
    }

    private void check(Frame frame, boolean fromPeer) {
        Code wrong = fromPeer ? Code.RPC : Code.OPERATION_INVALID;
        boolean checkpointFrame = frame instanceof Frame.CheckpointBegin || frame instanceof Frame.CheckpointData;
        boolean roundFrame = frame instanceof Frame.RoundStart || frame instanceof Frame.FinalRoundStart;
        if ((checkpointFrame && !checkpointStream) || (roundFrame && checkpointStream)) {
            throw refuse(wrong, "frame " + frame.type() + " does not belong to a " + (checkpointStream
                    ? "cold (checkpoint) migration" : "memory-round migration"));
        }
        if (frame instanceof Frame.Hello h) {
            if (fromPeer) {
                if (!expectedToken.matches(h.token())) {
                    throw refuse(Code.AUTH_FAILED, "wrong migration token");
                }
                int v = Math.min(h.maxVersion(), versionMax);
                if (v < Math.max(h.minVersion(), versionMin)) {
                    throw refuse(Code.OPERATION_UNSUPPORTED, "the source speaks protocol versions " + h.minVersion()
                            + ".." + h.maxVersion() + ", this host " + versionMin + ".." + versionMax);
                }
                version = v;
            }
        } else if (frame instanceof Frame.HelloAck a) {
            if (a.version() < versionMin || a.version() > versionMax) {
                throw refuse(wrong, "version " + a.version() + " was not offered (" + versionMin + ".." + versionMax + ")");
            }
            if (!fromPeer && version != 0 && a.version() != version) {
                throw refuse(wrong, "version " + a.version() + " is not the agreed version " + version);
            }
            version = a.version();
        } else if (frame instanceof Frame.Compatibility c) {
            if (c.pageSize() != Protocol.PAGE_SIZE) {
                throw refuse(Code.CONFIG_UNSUPPORTED, "page size " + c.pageSize() + ", protocol version "
                        + version + " moves " + Protocol.PAGE_SIZE + "-byte pages");
            }
            layout = c;
        } else if (frame instanceof Frame.RoundStart r) {
            startRound(r.round(), wrong);
        } else if (frame instanceof Frame.FinalRoundStart r) {
            startRound(r.round(), wrong);
        } else if (frame instanceof Frame.Memory m) {
            checkMemory(m, wrong);
        } else if (frame instanceof Frame.RoundEnd r) {
            if (r.round() != currentRound) {
                throw refuse(wrong, "ROUND_END of round " + r.round() + " inside round " + currentRound);
            }
            rounds++;
        } else if (frame instanceof Frame.DeviceState d) {
            stateBytes += d.data().length;
        } else if (frame instanceof Frame.CheckpointBegin b) {
            checkCheckpointBegin(b, wrong);
        } else if (frame instanceof Frame.CheckpointData d) {
            checkCheckpointData(d, wrong);
        } else if (frame instanceof Frame.Complete c) {
            if (checkpoint != null && checkpointPart != null) {
                throw refuse(wrong, "completion while checkpoint file " + checkpointPart + " has " + checkpointOffset
                        + " of " + checkpoint.size(checkpointPart) + " bytes");
            }
            if (c.rounds() != rounds || c.stateBytes() != stateBytes) {
                throw refuse(wrong, "completion claims " + c.rounds() + " rounds and " + c.stateBytes()
                        + " state bytes, the stream carried " + rounds + " and " + stateBytes);
            }
        } else if (frame instanceof Frame.Abort a) {
            abort = a;
        } else if (frame instanceof Frame.ChannelJoin j) {
            if (fromPeer) {
                if (!expectedToken.matches(j.token())) {
                    throw refuse(Code.AUTH_FAILED, "wrong migration token on channel " + j.index());
                }
                if (j.version() != version || j.count() != channelCount) {
                    throw refuse(Code.RPC, "channel " + j.index() + " joins with version " + j.version() + " of "
                            + j.count() + " channels, the control channel agreed version " + version + " and "
                            + channelCount + " channels");
                }
            }
        } else if (frame instanceof Frame.ChannelSync s) {
            if (s.round() <= lastSyncedRound || s.round() < channelRound) {
                throw refuse(wrong, "CHANNEL_SYNC of round " + s.round() + " after round " + Math.max(lastSyncedRound,
                        channelRound));
            }
            if (s.frames() != channelFrames || s.pages() != channelPages) {
                throw refuse(wrong, "CHANNEL_SYNC of round " + s.round() + " claims " + s.frames() + " frames and "
                        + s.pages() + " pages, the channel carried " + channelFrames + " and " + channelPages);
            }
            lastSyncedRound = s.round();
            channelFrames = 0;
            channelPages = 0;
        }
    }

    private void checkCheckpointBegin(Frame.CheckpointBegin b, Code wrong) {
        if (layout == null || b.memoryBytes() != layout.memoryBytes()) {
            throw refuse(wrong, "a checkpoint of " + b.memoryBytes() + " memory bytes, the agreed layout has "
                    + (layout == null ? "none" : layout.memoryBytes()));
        }
        checkpoint = b;
        rounds++; // the checkpoint is the migration's one (final) round
        checkpointPart = Frame.CheckpointPart.MEMORY;
        checkpointOffset = 0;
        skipEmptyParts();
    }

    private void checkCheckpointData(Frame.CheckpointData d, Code wrong) {
        if (checkpointPart == null || d.part() != checkpointPart || d.offset() != checkpointOffset) {
            throw refuse(wrong, "checkpoint chunk " + d.part() + "@" + d.offset() + " where "
                    + (checkpointPart == null ? "no more chunks" : checkpointPart + "@" + checkpointOffset) + " was due");
        }
        long size = checkpoint.size(d.part());
        if (d.length() > size - d.offset()) {
            throw refuse(wrong, "checkpoint chunk " + d.part() + "@" + d.offset() + "+" + d.length() + " ends beyond "
                    + size + " bytes");
        }
        if (d.part() == Frame.CheckpointPart.MEMORY) {
            long pages = d.length() / Protocol.PAGE_SIZE;
            if (d.zero()) {
                zeroPages += pages;
            } else {
                dataPages += pages;
            }
        } else {
            stateBytes += d.length();
        }
        checkpointOffset += d.length();
        if (checkpointOffset == size) {
            checkpointPart = d.part() == Frame.CheckpointPart.META ? null
                    : Frame.CheckpointPart.values()[d.part().ordinal() + 1];
            checkpointOffset = 0;
            skipEmptyParts();
        }
    }

    private void skipEmptyParts() {
        while (checkpointPart != null && checkpoint.size(checkpointPart) == 0) {
            checkpointPart = checkpointPart == Frame.CheckpointPart.META ? null
                    : Frame.CheckpointPart.values()[checkpointPart.ordinal() + 1];
        }
    }

    private void startRound(int round, Code wrong) {
        if (round != nextRound) {
            throw refuse(wrong, "round " + round + " starts where round " + nextRound + " was due");
        }
        currentRound = round;
        nextRound = round + 1;
    }

    private void checkMemory(Frame.Memory m, Code wrong) {
        if (state == ConversationState.DATA) {
            if (m.round() <= lastSyncedRound || m.round() < channelRound) {
                throw refuse(wrong, "MEMORY of round " + m.round() + " after round "
                        + Math.max(lastSyncedRound, channelRound) + " was synced or begun");
            }
            channelRound = m.round();
            channelFrames++;
            channelPages += m.dataPages() + m.zeroPages();
        } else if (m.round() != currentRound) {
            throw refuse(wrong, "MEMORY of round " + m.round() + " inside round " + currentRound);
        }
        dataPages += m.dataPages();
        zeroPages += m.zeroPages();
    }

    private MigrationException refuse(Code code, String message) {
        return new MigrationException(code, MigrationPhase.PERFORM, state.name(), message);
    }

    @Override
    public synchronized String stateName() {
        return state.name();
    }

    /** The current state. */
    public synchronized ConversationState state() {
        return state;
    }

    /** The agreed protocol version, 0 before the handshake. */
    public synchronized int version() {
        return version;
    }

    /** The agreed compatibility description (memory layout), once sent or received. */
    public synchronized Optional<Frame.Compatibility> layout() {
        return Optional.ofNullable(layout);
    }

    /** Rounds ended on this channel. */
    public synchronized int rounds() {
        return rounds;
    }

    /** Pages with data that passed this channel. */
    public synchronized long dataPages() {
        return dataPages;
    }

    /** Zero pages that passed this channel. */
    public synchronized long zeroPages() {
        return zeroPages;
    }

    /** State bytes that passed this channel. */
    public synchronized long stateBytes() {
        return stateBytes;
    }

    /** The last data-channel round that was synced, -1 before any. */
    public synchronized int lastSyncedRound() {
        return lastSyncedRound;
    }

    /** The ABORT that ended this conversation, if one did. */
    public synchronized Optional<Frame.Abort> abort() {
        return Optional.ofNullable(abort);
    }
}
