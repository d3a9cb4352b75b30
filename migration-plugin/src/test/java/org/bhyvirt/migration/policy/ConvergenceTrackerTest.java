package org.bhyvirt.migration.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.junit.jupiter.api.Test;

class ConvergenceTrackerTest {

    private static final long MB = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static ConvergenceTracker tracker() {
        ConvergenceTracker t = new ConvergenceTracker(4_000 * MB, new BandwidthWindow(10 * S, 64));
        t.sent(0, 0);
        return t;
    }

    @Test
    void aGuestDirtyingFasterThanTheLinkForTwoRoundsGetsThrottledAndTheCounterRestarts() {
        ConvergencePolicy policy = ConvergencePolicy.of(MigrationOptions.defaults(MigrationKind.LIVE));
        ConvergenceTracker t = tracker();
        // 1 GB/s link; the guest dirties 1.5 GB/s, remaining stays at 2 GB
        t.roundEnded(4 * S, 4_000 * MB, 2_000 * MB, 6_000 * MB, 4 * S);
        assertInstanceOf(Decision.Continue.class, policy.decide(t.snapshot(Duration.ofSeconds(4))));
        t.roundEnded(6 * S, 6_000 * MB, 2_000 * MB, 3_000 * MB, 2 * S);
        ProgressSnapshot s = t.snapshot(Duration.ofSeconds(6));
        assertEquals(1_000 * MB, s.bandwidth());
        assertEquals(1_500 * MB, s.dirtyRate());
        assertEquals(2, s.roundsAboveLinkSpeed());
        Decision.Throttle d = assertInstanceOf(Decision.Throttle.class, policy.decide(s));
        assertEquals(20, d.percent());
        t.throttled(d.percent());
        assertEquals(0, t.snapshot(Duration.ofSeconds(6)).roundsAboveLinkSpeed());
        assertEquals(20, t.snapshot(Duration.ofSeconds(6)).throttlePercent());
    }

    @Test
    void roundsWithoutANewMinimumOfRemainingBytesCountAsNoProgress() {
        ConvergenceTracker t = tracker();
        t.roundEnded(1 * S, 1_000 * MB, 500 * MB, 0, S);
        t.roundEnded(2 * S, 1_500 * MB, 600 * MB, 0, S);
        t.roundEnded(3 * S, 2_100 * MB, 500 * MB, 0, S);
        assertEquals(2, t.snapshot(Duration.ofSeconds(3)).roundsWithoutProgress());
        t.roundEnded(4 * S, 2_600 * MB, 100 * MB, 0, S);
        assertEquals(0, t.snapshot(Duration.ofSeconds(4)).roundsWithoutProgress());
        assertEquals(4, t.snapshot(Duration.ofSeconds(4)).roundsCompleted());
    }

    @Test
    void anIdleGuestSwitchesOverAfterItsFirstRound() {
        ConvergencePolicy policy = ConvergencePolicy.of(MigrationOptions.defaults(MigrationKind.LIVE));
        ConvergenceTracker t = tracker();
        t.roundEnded(2 * S, 4_000 * MB, 8 * MB, 8 * MB, 2 * S);
        Decision.SwitchOver d = assertInstanceOf(Decision.SwitchOver.class, policy.decide(t.snapshot(Duration.ofSeconds(2))));
        assertEquals(Duration.ofMillis(4), d.expectedDowntime());
    }
}
