package org.bhyvirt.migration.managed;

import java.time.Duration;
import java.util.Objects;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.progress.MigrationProgress;

/**
 * The downtime of a completed migration, from the source's pause to the destination's resume, and
 * its parts: the final round (the last dirty pages, source side), the state transfer (vCPU and device
 * state sent and acknowledged, without the destination's restore), the restore of that state into the
 * waiting guest, the resume of its vCPUs, and the rest (the calls between the phases). The parts add
 * up to {@code total}. The drivers' records (status files, events) are not in it: the source's runs
 * beside the final round, the destination's after its guest runs.
 *
 * @param finalRound    the final round's pages, pause to last page sent
 * @param stateTransfer the state's frames and the acknowledgement, less the destination's restore
 * @param restore       the state restored into the waiting guest (destination)
 * @param resume        the destination's vCPUs resumed
 * @param other         the rest: the calls between phases
 * @param total         pause on the source to the guest running on the destination
 */
public record Downtime(Duration finalRound, Duration stateTransfer, Duration restore, Duration resume,
        Duration other, Duration total) {
    public Downtime {
        Objects.requireNonNull(finalRound, "finalRound");
        Objects.requireNonNull(stateTransfer, "stateTransfer");
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(resume, "resume");
        Objects.requireNonNull(other, "other");
        Objects.requireNonNull(total, "total");
    }

    /**
     * The downtime of a short switch-over from its parts: the source's {@code done} progress (final
     * round, state transfer including the destination's restore), the destination's {@code times}
     * and {@code totalNanos}, pause on the source to the resumed guest on the destination. The state
     * transfer is counted without the restore, and "other" is what the parts leave of the total
     * (neither below zero).
     */
    public static Downtime of(MigrationProgress done, TargetTimes times, long totalNanos) {
        Duration total = Duration.ofNanos(totalNanos);
        Duration finalRound = done.durations().finalTransfer();
        Duration state = done.durations().stateTransfer().minus(times.restore());
        if (state.isNegative()) {
            state = Duration.ZERO;
        }
        Duration other = total.minus(finalRound).minus(state).minus(times.restore()).minus(times.resume());
        if (other.isNegative()) {
            other = Duration.ZERO;
        }
        return new Downtime(finalRound, state, times.restore(), times.resume(), other, total);
    }

    /** One line, in milliseconds with a tenth: "downtime 12.3 ms (final round 5.1, state 2.0, ...)". */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "downtime %.1f ms (final round %.1f, state %.1f, restore %.1f, resume %.1f, other %.1f)",
                ms(total), ms(finalRound), ms(stateTransfer), ms(restore), ms(resume), ms(other));
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
