package org.bhyvirt.migration.policy;

import java.time.Duration;
import java.util.Objects;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.options.MigrationOptions;

/**
 * Decides, after each pre-copy round, whether to continue, switch over, throttle or abort. It is
 * a pure function of a {@link ProgressSnapshot} and its settings; the rules, first match wins:
 * <ol>
 * <li>ABORT (OPERATION_TIMEOUT) when a timeout is set and has passed; the guest stays on the source.</li>
 * <li>CONTINUE while no round has completed or the bandwidth is still unknown.</li>
 * <li>SWITCH_OVER when the remaining dirty bytes at the effective bandwidth (the measured one,
 *     capped by the bandwidth limit) fit the downtime limit less the switch-over's fixed cost
 *     (saving, sending and restoring the vCPU and device state, resuming on the destination; at most
 *     half the limit is set aside for it), so the whole pause, not only its final copy, stays within
 *     the limit.</li>
 * <li>ABORT (OPERATION_FAILED) when the bytes sent reach {@code maxTransferFactor} times the guest
 *     size: the rounds resend the same memory without end.</li>
 * <li>THROTTLE when auto-converge is on and the guest dirtied faster than the link for
 *     {@code throttleAfterRounds} rounds (QEMU's auto-converge: first step {@code initial} %,
 *     then + {@code increment} %, at most 99 %).</li>
 * <li>When progress stalls ({@code stallRounds} rounds without a new minimum of remaining bytes):
 *     THROTTLE one more step if auto-converge can still raise it, else ABORT (OPERATION_FAILED,
 *     "not converging").</li>
 * <li>Otherwise CONTINUE.</li>
 * </ol>
 * So the number of rounds is chosen by measured progress, never fixed.
 */
public final class ConvergencePolicy {

    /** Most throttle QEMU applies. */
    public static final int MAX_THROTTLE = 99;
    /** Default: throttle after two rounds dirtying faster than the link (QEMU). */
    public static final int DEFAULT_THROTTLE_AFTER_ROUNDS = 2;
    /** Default: five rounds without progress is a stall. */
    public static final int DEFAULT_STALL_ROUNDS = 5;
    /** Default: give up after sending twenty times the guest's memory. */
    public static final int DEFAULT_MAX_TRANSFER_FACTOR = 20;
    /**
     * Default fixed cost of a switch-over besides the final copy: state save, transfer, restore and
     * resume took 10-40 ms on emulated hosts under moderate load (docs/vmm.md, 2026-11-22).
     */
    public static final Duration DEFAULT_SWITCH_OVER_COST = Duration.ofMillis(40);

    private final Duration downtimeLimit;
    private final long bandwidthLimit;
    private final Duration timeout;
    private final boolean autoConverge;
    private final int throttleInitial;
    private final int throttleIncrement;
    private final int throttleAfterRounds;
    private final int stallRounds;
    private final int maxTransferFactor;
    private final Duration copyBudget;

    /**
     * A policy with explicit settings; {@code bandwidthLimit} and {@code timeout} use the options'
     * conventions (0 = none).
     */
    public ConvergencePolicy(Duration downtimeLimit, long bandwidthLimit, Duration timeout, boolean autoConverge,
            int throttleInitial, int throttleIncrement, int throttleAfterRounds, int stallRounds,
            int maxTransferFactor, Duration switchOverCost) {
        this.downtimeLimit = Objects.requireNonNull(downtimeLimit, "downtimeLimit");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (downtimeLimit.isNegative() || downtimeLimit.isZero() || bandwidthLimit < 0 || timeout.isNegative()
                || throttleInitial < 1 || throttleInitial > MAX_THROTTLE || throttleIncrement < 1
                || throttleIncrement > MAX_THROTTLE || throttleAfterRounds < 1 || stallRounds < 1
                || maxTransferFactor < 1 || switchOverCost.isNegative()) {
            throw new IllegalArgumentException("bad convergence settings");
        }
        this.bandwidthLimit = bandwidthLimit;
        this.autoConverge = autoConverge;
        this.throttleInitial = throttleInitial;
        this.throttleIncrement = throttleIncrement;
        this.throttleAfterRounds = throttleAfterRounds;
        this.stallRounds = stallRounds;
        this.maxTransferFactor = maxTransferFactor;
        Duration reserved = switchOverCost.compareTo(downtimeLimit.dividedBy(2)) > 0
                ? downtimeLimit.dividedBy(2) : switchOverCost;
        this.copyBudget = downtimeLimit.minus(reserved);
    }

    /** The policy for these options, with the default thresholds. */
    public static ConvergencePolicy of(MigrationOptions options) {
        return new ConvergencePolicy(options.downtimeLimit(), options.bandwidthLimit(), options.timeout(),
                options.autoConverge(), options.autoConvergeInitial(), options.autoConvergeIncrement(),
                DEFAULT_THROTTLE_AFTER_ROUNDS, DEFAULT_STALL_ROUNDS, DEFAULT_MAX_TRANSFER_FACTOR,
                DEFAULT_SWITCH_OVER_COST);
    }

    /** The bandwidth the decision assumes: the measured one, capped by the limit; 0 = unknown. */
    public long effectiveBandwidth(ProgressSnapshot s) {
        return bandwidthLimit > 0 && s.bandwidth() > bandwidthLimit ? bandwidthLimit : s.bandwidth();
    }

    /** How long the final copy may take: the downtime limit less the switch-over's fixed cost. */
    public Duration copyBudget() {
        return copyBudget;
    }

    /** The time the final copy of a switch-over now would take at the effective bandwidth (null when unknown). */
    public Duration expectedDowntime(ProgressSnapshot s) {
        long bw = effectiveBandwidth(s);
        if (bw <= 0) {
            return null;
        }
        double nanos = s.remainingDirtyBytes() * 1e9 / bw;
        return nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos((long) Math.ceil(nanos));
    }

    /** The decision for {@code s}. */
    public Decision decide(ProgressSnapshot s) {
        Objects.requireNonNull(s, "snapshot");
        if (!timeout.isZero() && s.elapsed().compareTo(timeout) >= 0) {
            return new Decision.Abort(MigrationException.Code.OPERATION_TIMEOUT, "ran " + s.elapsed().toMillis()
                    + " ms, the timeout is " + timeout.toMillis() + " ms; the guest stays on the source");
        }
        Duration expected = expectedDowntime(s);
        if (s.roundsCompleted() == 0 || expected == null) {
            return new Decision.Continue("no round measured yet");
        }
        if (expected.compareTo(copyBudget) <= 0) {
            return new Decision.SwitchOver(expected, s.remainingDirtyBytes() + " bytes at "
                    + effectiveBandwidth(s) + " B/s take " + millis(expected) + ", within the copy budget of "
                    + millis(copyBudget) + " (downtime limit " + millis(downtimeLimit) + ")");
        }
        if (s.bytesSent() >= (double) maxTransferFactor * s.guestBytes()) {
            return new Decision.Abort(MigrationException.Code.OPERATION_FAILED, "not converging: sent "
                    + s.bytesSent() + " bytes, " + maxTransferFactor + " times the guest's " + s.guestBytes());
        }
        int next = nextThrottle(s.throttlePercent());
        if (autoConverge && s.roundsAboveLinkSpeed() >= throttleAfterRounds && next > s.throttlePercent()) {
            return new Decision.Throttle(next, "the guest dirtied " + s.dirtyRate() + " B/s, faster than "
                    + effectiveBandwidth(s) + " B/s, for " + s.roundsAboveLinkSpeed() + " rounds");
        }
        if (s.roundsWithoutProgress() >= stallRounds) {
            if (autoConverge && next > s.throttlePercent()) {
                return new Decision.Throttle(next, "no progress for " + s.roundsWithoutProgress() + " rounds");
            }
            return new Decision.Abort(MigrationException.Code.OPERATION_FAILED, "not converging: "
                    + s.remainingDirtyBytes() + " bytes remain after " + s.roundsWithoutProgress()
                    + " rounds without progress, " + millis(expected) + " expected downtime > limit "
                    + millis(downtimeLimit) + (autoConverge ? ", throttle at its maximum " + s.throttlePercent() + " %"
                            : ", auto-converge off"));
        }
        return new Decision.Continue(millis(expected) + " final copy > budget " + millis(copyBudget)
                + " (downtime limit " + millis(downtimeLimit) + ")");
    }

    /** The throttle after one more auto-converge step from {@code current}. */
    public int nextThrottle(int current) {
        return current == 0 ? throttleInitial : Math.min(MAX_THROTTLE, current + throttleIncrement);
    }

    private static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
