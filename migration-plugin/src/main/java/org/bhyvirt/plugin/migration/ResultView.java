package org.bhyvirt.plugin.migration;

import java.time.Duration;
import org.bhyvirt.migration.managed.Downtime;

/**
 * The JSON form of a completed migration's figures: its whole time, the guest's downtime and its
 * breakdown (milliseconds with fractions), the bytes sent and the pre-copy rounds.
 *
 * @param totalMs    begin to end of the migration
 * @param downtimeMs the guest's pause, source pause to destination resume
 * @param downtime   where the downtime went
 * @param bytes      bytes sent
 * @param rounds     pre-copy rounds
 */
public record ResultView(long totalMs, double downtimeMs, Breakdown downtime, long bytes, long rounds) {

    /**
     * The downtime's parts, milliseconds.
     *
     * @param finalRoundMs    the final round's pages
     * @param stateTransferMs the state's frames and acknowledgement, less the restore
     * @param restoreMs       the state restored on the destination
     * @param resumeMs        the destination's vCPUs resumed
     * @param otherMs         the rest
     */
    public record Breakdown(double finalRoundMs, double stateTransferMs, double restoreMs, double resumeMs,
            double otherMs) {
        /** The parts of {@code d}. */
        public static Breakdown of(Downtime d) {
            return new Breakdown(ms(d.finalRound()), ms(d.stateTransfer()), ms(d.restore()), ms(d.resume()),
                    ms(d.other()));
        }
    }

    static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
