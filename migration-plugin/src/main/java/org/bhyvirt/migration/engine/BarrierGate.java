package org.bhyvirt.migration.engine;

import org.bhyvirt.migration.protocol.Frame;
import org.bhyvirt.migration.protocol.FrameGate;
import org.bhyvirt.migration.protocol.FrameType;

/**
 * A destination channel's gate: the channel's own conversation decides what may come, and the
 * shared {@link RoundBarrier} holds a MEMORY frame of round r+1 until all channels finished round
 * r (its pages are read into guest memory only after this returns), and records this channel's
 * ROUND_END / CHANNEL_SYNC.
 */
final class BarrierGate implements FrameGate {
    private final FrameGate delegate;
    private final RoundBarrier barrier;

    BarrierGate(FrameGate delegate, RoundBarrier barrier) {
        this.delegate = delegate;
        this.barrier = barrier;
    }

    @Override
    public void admit(FrameType type) {
        delegate.admit(type);
    }

    @Override
    public void checkPages(long firstPage, long count) {
        delegate.checkPages(firstPage, count);
    }

    @Override
    public void received(Frame frame) {
        delegate.received(frame);
        if (frame instanceof Frame.Memory m && m.round() > 0) {
            barrier.await(m.round() - 1);
        } else if (frame instanceof Frame.RoundEnd r) {
            barrier.done(r.round());
        } else if (frame instanceof Frame.ChannelSync s) {
            barrier.done(s.round());
        }
    }

    @Override
    public void sending(Frame frame) {
        delegate.sending(frame);
    }

    @Override
    public String stateName() {
        return delegate.stateName();
    }
}
