package org.bhyvirt.migration.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.junit.jupiter.api.Test;

class ConvergencePolicyTest {

    private static final long MB = 1_000_000L;
    private static final long GIB = 1L << 30;
    private static final ConvergencePolicy LIVE = ConvergencePolicy.of(MigrationOptions.defaults(MigrationKind.LIVE));
    private static final ConvergencePolicy NO_THROTTLE = ConvergencePolicy.of(
            MigrationOptions.defaults(MigrationKind.LIVE).withAutoConverge(false, 20, 10));

    /** Round 3 of a 4 GiB guest, 1 GB/s link, 10 s in, 8 GB sent, nothing unusual. */
    private static ProgressSnapshot round(long remaining, long bandwidth, long dirtyRate) {
        return new ProgressSnapshot(3, Duration.ofSeconds(10), remaining, bandwidth, dirtyRate, 8_000 * MB, 4 * GIB,
                0, 0, 0);
    }

    private static ProgressSnapshot with(ProgressSnapshot s, int aboveLink, int withoutProgress, int throttle) {
        return new ProgressSnapshot(s.roundsCompleted(), s.elapsed(), s.remainingDirtyBytes(), s.bandwidth(),
                s.dirtyRate(), s.bytesSent(), s.guestBytes(), aboveLink, withoutProgress, throttle);
    }

    @Test
    void switchesOverWhenRemainingFitsDowntimeAtMeasuredBandwidth() {
        // 250 MB at 1 GB/s = 250 ms <= 300 ms
        Decision d = LIVE.decide(round(250 * MB, 1000 * MB, 10 * MB));
        Decision.SwitchOver s = assertInstanceOf(Decision.SwitchOver.class, d);
        assertEquals(Duration.ofMillis(250), s.expectedDowntime());
    }

    @Test
    void continuesWhenRemainingAtMeasuredBandwidthExceedsTheDowntimeLimit() {
        // 350 MB at 1 GB/s = 350 ms > 300 ms
        assertInstanceOf(Decision.Continue.class, LIVE.decide(round(350 * MB, 1000 * MB, 10 * MB)));
    }

    @Test
    void exactlyTheCopyBudgetStillSwitchesOver() {
        // 300 ms limit - 40 ms switch-over cost = 260 ms for the final copy
        assertEquals(Duration.ofMillis(260), LIVE.copyBudget());
        assertInstanceOf(Decision.SwitchOver.class, LIVE.decide(round(260 * MB, 1000 * MB, 10 * MB)));
    }

    @Test
    void aFinalCopyWithinTheLimitButNotLeavingRoomForTheStateAndResumeContinues() {
        // 280 ms of copying + 40 ms of state and resume would pause the guest 320 ms > 300 ms
        assertInstanceOf(Decision.Continue.class, LIVE.decide(round(280 * MB, 1000 * MB, 10 * MB)));
    }

    @Test
    void aSmallDowntimeLimitSetsAsideAtMostHalfOfItForTheSwitchOverCost() {
        ConvergencePolicy tight = ConvergencePolicy.of(
                MigrationOptions.defaults(MigrationKind.LIVE).withDowntimeLimit(Duration.ofMillis(30)));
        assertEquals(Duration.ofMillis(15), tight.copyBudget());
        assertInstanceOf(Decision.SwitchOver.class, tight.decide(round(15 * MB, 1000 * MB, 10 * MB)));
        assertInstanceOf(Decision.Continue.class, tight.decide(round(16 * MB, 1000 * MB, 10 * MB)));
    }

    @Test
    void aBandwidthLimitCapsTheBandwidthTheDecisionAssumes() {
        ConvergencePolicy limited = ConvergencePolicy.of(
                MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(100 * MB));
        // 250 MB would fit at the measured 1 GB/s, but at the 100 MB/s limit it takes 2.5 s
        assertInstanceOf(Decision.Continue.class, limited.decide(round(250 * MB, 1000 * MB, 10 * MB)));
        assertEquals(Duration.ofMillis(2500), limited.expectedDowntime(round(250 * MB, 1000 * MB, 10 * MB)));
        assertInstanceOf(Decision.SwitchOver.class, limited.decide(round(25 * MB, 1000 * MB, 10 * MB)));
    }

    @Test
    void continuesWhileNoRoundHasCompletedOrBandwidthIsUnknown() {
        ProgressSnapshot first = new ProgressSnapshot(0, Duration.ofSeconds(1), 0, 1000 * MB, 0, 0, 4 * GIB, 0, 0, 0);
        assertInstanceOf(Decision.Continue.class, LIVE.decide(first));
        assertInstanceOf(Decision.Continue.class, LIVE.decide(round(1, 0, 0)));
    }

    @Test
    void abortsWithTimeoutOnceTheConfiguredTimeHasPassedEvenIfItWouldFit() {
        ConvergencePolicy timed = ConvergencePolicy.of(
                MigrationOptions.defaults(MigrationKind.LIVE).withTimeout(Duration.ofSeconds(10)));
        Decision.Abort a = assertInstanceOf(Decision.Abort.class, timed.decide(round(1 * MB, 1000 * MB, 0)));
        assertEquals(MigrationException.Code.OPERATION_TIMEOUT, a.code());
        assertTrue(a.reason().contains("the guest stays on the source"), a.reason());
        ConvergencePolicy later = ConvergencePolicy.of(
                MigrationOptions.defaults(MigrationKind.LIVE).withTimeout(Duration.ofSeconds(11)));
        assertInstanceOf(Decision.SwitchOver.class, later.decide(round(1 * MB, 1000 * MB, 0)));
    }

    @Test
    void throttlesAtTwentyPercentAfterTwoRoundsDirtyingFasterThanTheLink() {
        ProgressSnapshot s = with(round(2000 * MB, 1000 * MB, 1500 * MB), 2, 0, 0);
        Decision.Throttle t = assertInstanceOf(Decision.Throttle.class, LIVE.decide(s));
        assertEquals(20, t.percent());
    }

    @Test
    void oneRoundAboveLinkSpeedIsNotYetEnoughToThrottle() {
        assertInstanceOf(Decision.Continue.class, LIVE.decide(with(round(2000 * MB, 1000 * MB, 1500 * MB), 1, 0, 0)));
    }

    @Test
    void throttleStepsUpByTenPercentAndStopsAtNinetyNine() {
        ProgressSnapshot s = round(2000 * MB, 1000 * MB, 1500 * MB);
        assertEquals(30, ((Decision.Throttle) LIVE.decide(with(s, 2, 0, 20))).percent());
        assertEquals(99, ((Decision.Throttle) LIVE.decide(with(s, 2, 0, 90))).percent());
        assertInstanceOf(Decision.Continue.class, LIVE.decide(with(s, 2, 0, 99)));
    }

    @Test
    void withAutoConvergeOffADirtierThanLinkGuestIsNeverThrottledAndAbortsWhenItStalls() {
        ProgressSnapshot s = round(2000 * MB, 1000 * MB, 1500 * MB);
        assertInstanceOf(Decision.Continue.class, NO_THROTTLE.decide(with(s, 4, 4, 0)));
        Decision.Abort a = assertInstanceOf(Decision.Abort.class, NO_THROTTLE.decide(with(s, 5, 5, 0)));
        assertEquals(MigrationException.Code.OPERATION_FAILED, a.code());
        assertTrue(a.reason().contains("not converging") && a.reason().contains("auto-converge off"), a.reason());
    }

    @Test
    void aStallWithThrottleRoomThrottlesFurtherInsteadOfAborting() {
        ProgressSnapshot s = with(round(2000 * MB, 1000 * MB, 500 * MB), 0, 5, 40);
        assertEquals(50, assertInstanceOf(Decision.Throttle.class, LIVE.decide(s)).percent());
    }

    @Test
    void aStallAtMaximumThrottleAborts() {
        ProgressSnapshot s = with(round(2000 * MB, 1000 * MB, 500 * MB), 0, 5, 99);
        Decision.Abort a = assertInstanceOf(Decision.Abort.class, LIVE.decide(s));
        assertTrue(a.reason().contains("throttle at its maximum 99 %"), a.reason());
    }

    @Test
    void abortsAfterSendingTwentyTimesTheGuestsMemory() {
        ProgressSnapshot s = new ProgressSnapshot(40, Duration.ofSeconds(100), 2000 * MB, 1000 * MB, 900 * MB,
                20 * 4 * GIB, 4 * GIB, 0, 0, 0);
        Decision.Abort a = assertInstanceOf(Decision.Abort.class, LIVE.decide(s));
        assertTrue(a.reason().contains("20 times the guest's"), a.reason());
    }

    @Test
    void anIdleGuestSwitchesOverRightAfterTheFirstRound() {
        ProgressSnapshot s = new ProgressSnapshot(1, Duration.ofSeconds(2), 4 * MB, 2000 * MB, 2 * MB, 4 * GIB,
                4 * GIB, 0, 0, 0);
        Decision.SwitchOver so = assertInstanceOf(Decision.SwitchOver.class, LIVE.decide(s));
        assertEquals(Duration.ofMillis(2), so.expectedDowntime());
    }

    @Test
    void aTightDowntimeLimitKeepsIteratingWhereTheDefaultWouldSwitch() {
        ConvergencePolicy tight = ConvergencePolicy.of(
                MigrationOptions.defaults(MigrationKind.LIVE).withDowntimeLimit(Duration.ofMillis(50)));
        ProgressSnapshot s = round(100 * MB, 1000 * MB, 10 * MB);
        assertInstanceOf(Decision.SwitchOver.class, LIVE.decide(s));
        assertInstanceOf(Decision.Continue.class, tight.decide(s));
    }
}
