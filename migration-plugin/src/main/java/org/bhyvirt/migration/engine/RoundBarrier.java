package org.bhyvirt.migration.engine;

import java.util.HashMap;
import java.util.Map;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;

/**
 * The destination's ordering rule for several channels: pages of round r+1 are applied only after
 * every channel finished round r (the control channel at ROUND_END, a data channel at
 * CHANNEL_SYNC), so a page sent again in a later round on another channel never lands before its
 * older copy. {@link #fail} wakes every waiter with the failure.
 */
final class RoundBarrier {
    private final int channels;
    private final Map<Integer, Integer> done = new HashMap<>();
    private MigrationException failure;

    RoundBarrier(int channels) {
        this.channels = channels;
    }

    synchronized void done(int round) {
        done.merge(round, 1, Integer::sum);
        notifyAll();
    }

    /** Waits until every channel finished {@code round}. */
    synchronized void await(int round) {
        while (done.getOrDefault(round, 0) < channels) {
            if (failure != null) {
                throw failure;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.PERFORM,
                        "ROUND " + round, "interrupted while waiting for the other channels", e);
            }
        }
    }

    synchronized void fail(MigrationException e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }
}
