package org.bhyvirt.migration.protocol;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The states of one channel's conversation and, as data, which frame moves which state where.
 * Both ends of a channel walk the same table: a frame not listed for the current state is
 * refused. ABORT moves every non-terminal state to {@link #ABORTED}; the terminal states
 * {@link #COMPLETED}, {@link #CLOSED} and {@link #ABORTED} accept nothing, so a conversation
 * never moves back.
 */
public enum ConversationState {
    /** Control channel, before anything: the source's HELLO. */
    AWAIT_HELLO,
    /** HELLO sent: the destination's HELLO_ACK (or ABORT on a wrong token or version). */
    AWAIT_HELLO_ACK,
    /** Version agreed: the source's COMPATIBILITY. */
    AWAIT_COMPATIBILITY,
    /** Compatibility sent: the destination's COMPATIBLE (or ABORT). */
    AWAIT_VERDICT,
    /** Between rounds: the next ROUND_START or the FINAL_ROUND_START. */
    READY,
    /** In a pre-copy round: MEMORY frames until ROUND_END. */
    ROUND,
    /** In the final (stop-and-copy) round: MEMORY frames until ROUND_END. */
    FINAL_ROUND,
    /** Cold migration: CHECKPOINT_DATA frames until every checkpoint file is complete, then COMPLETE. */
    CHECKPOINT,
    /** Memory is complete: DEVICE_STATE frames until COMPLETE. */
    STATE,
    /** Everything sent: the destination's COMPLETE_ACK. */
    AWAIT_ACK,
    /** Terminal: the destination acknowledged completion. */
    COMPLETED,
    /** Data channel, before anything: the source's CHANNEL_JOIN. */
    AWAIT_JOIN,
    /** CHANNEL_JOIN sent: the destination's HELLO_ACK. */
    AWAIT_JOIN_ACK,
    /** Data channel joined: MEMORY and CHANNEL_SYNC until CHANNEL_END. */
    DATA,
    /** Terminal: the data channel ended cleanly. */
    CLOSED,
    /** Terminal: either side aborted. */
    ABORTED;

    private static final Map<ConversationState, Map<FrameType, ConversationState>> MOVES =
            new EnumMap<>(ConversationState.class);

    static {
        move(AWAIT_HELLO, FrameType.HELLO, AWAIT_HELLO_ACK);
        move(AWAIT_HELLO_ACK, FrameType.HELLO_ACK, AWAIT_COMPATIBILITY);
        move(AWAIT_COMPATIBILITY, FrameType.COMPATIBILITY, AWAIT_VERDICT);
        move(AWAIT_VERDICT, FrameType.COMPATIBLE, READY);
        move(READY, FrameType.ROUND_START, ROUND);
        move(READY, FrameType.FINAL_ROUND_START, FINAL_ROUND);
        move(ROUND, FrameType.MEMORY, ROUND);
        move(ROUND, FrameType.ROUND_END, READY);
        move(FINAL_ROUND, FrameType.MEMORY, FINAL_ROUND);
        move(FINAL_ROUND, FrameType.ROUND_END, STATE);
        move(READY, FrameType.CHECKPOINT_BEGIN, CHECKPOINT);
        move(CHECKPOINT, FrameType.CHECKPOINT_DATA, CHECKPOINT);
        move(CHECKPOINT, FrameType.COMPLETE, AWAIT_ACK);
        move(STATE, FrameType.DEVICE_STATE, STATE);
        move(STATE, FrameType.COMPLETE, AWAIT_ACK);
        move(AWAIT_ACK, FrameType.COMPLETE_ACK, COMPLETED);
        move(AWAIT_JOIN, FrameType.CHANNEL_JOIN, AWAIT_JOIN_ACK);
        move(AWAIT_JOIN_ACK, FrameType.HELLO_ACK, DATA);
        move(DATA, FrameType.MEMORY, DATA);
        move(DATA, FrameType.CHANNEL_SYNC, DATA);
        move(DATA, FrameType.CHANNEL_END, CLOSED);
        for (ConversationState s : values()) {
            if (!s.terminal()) {
                move(s, FrameType.ABORT, ABORTED);
            }
        }
    }

    private static void move(ConversationState from, FrameType frame, ConversationState to) {
        MOVES.computeIfAbsent(from, k -> new EnumMap<>(FrameType.class)).put(frame, to);
    }

    /** Whether no frame is accepted any more. */
    public boolean terminal() {
        return this == COMPLETED || this == CLOSED || this == ABORTED;
    }

    /** The state {@code frame} moves this state to, if it is allowed here. */
    public Optional<ConversationState> next(FrameType frame) {
        return Optional.ofNullable(MOVES.getOrDefault(this, Map.of()).get(frame));
    }

    /** The frames allowed in this state. */
    public Set<FrameType> allowed() {
        return Collections.unmodifiableSet(MOVES.getOrDefault(this, Map.of()).keySet());
    }
}
