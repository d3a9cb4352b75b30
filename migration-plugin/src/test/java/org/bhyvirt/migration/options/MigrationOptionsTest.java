package org.bhyvirt.migration.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationOptionsTest {

    /** Out-of-range settings, each with the words its error must contain. */
    enum Invalid {
        DOWNTIME_ZERO(o -> o.withDowntimeLimit(Duration.ZERO), "downtime limit 0 ms"),
        DOWNTIME_ABOVE_2000_S(o -> o.withDowntimeLimit(Duration.ofSeconds(2001)), "outside 1 ms .. 2000 s"),
        BANDWIDTH_BELOW_1_MIB(o -> o.withBandwidthLimit(1000), "bandwidth limit 1000 B/s"),
        BANDWIDTH_NEGATIVE(o -> o.withBandwidthLimit(-1), "bandwidth limit -1 B/s"),
        NO_CHANNELS(o -> o.withParallelChannels(0), "parallel channels 0 is outside 1 .. 64"),
        TOO_MANY_CHANNELS(o -> o.withParallelChannels(65), "parallel channels 65"),
        TIMEOUT_NEGATIVE(o -> o.withTimeout(Duration.ofSeconds(-1)), "timeout -1000 ms"),
        TIMEOUT_BELOW_1_S(o -> o.withTimeout(Duration.ofMillis(10)), "timeout 10 ms"),
        TIMEOUT_ABOVE_24_H(o -> o.withTimeout(Duration.ofHours(25)), "within 1 s .. 24 h"),
        THROTTLE_INITIAL_100(o -> o.withAutoConverge(true, 100, 10), "initial throttle 100 %"),
        THROTTLE_INCREMENT_0(o -> o.withAutoConverge(true, 20, 0), "increment 0 %");

        final UnaryOperator<MigrationOptions> change;
        final String message;

        Invalid(UnaryOperator<MigrationOptions> change, String message) {
            this.change = change;
            this.message = message;
        }
    }

    @ParameterizedTest
    @EnumSource(Invalid.class)
    void everyOutOfRangeOptionIsRefusedAsInvalidArgNamingItsValue(Invalid invalid) {
        MigrationException e = assertThrows(MigrationException.class,
                () -> invalid.change.apply(MigrationOptions.defaults(MigrationKind.LIVE)));
        assertEquals(MigrationException.Code.INVALID_ARG, e.code());
        assertEquals(MigrationPhase.BEGIN, e.phase());
        assertTrue(e.getMessage().contains(invalid.message), e.getMessage());
    }

    @Test
    void liveDefaultsAreQemusThreeHundredMillisecondsUnlimitedOneChannelNoTimeoutAutoConverge() {
        MigrationOptions o = MigrationOptions.defaults(MigrationKind.LIVE);
        assertEquals(Duration.ofMillis(300), o.downtimeLimit());
        assertFalse(o.bandwidthLimited());
        assertEquals(1, o.parallelChannels());
        assertFalse(o.hasTimeout());
        assertTrue(o.autoConverge());
        assertEquals(20, o.autoConvergeInitial());
        assertEquals(10, o.autoConvergeIncrement());
    }

    @Test
    void theRangeBoundsThemselvesAreAccepted() {
        MigrationOptions o = MigrationOptions.defaults(MigrationKind.LIVE)
                .withDowntimeLimit(Duration.ofMillis(1)).withBandwidthLimit(1L << 20).withParallelChannels(64)
                .withTimeout(Duration.ofSeconds(1)).withAutoConverge(true, 99, 99);
        assertEquals(64, o.parallelChannels());
        assertEquals(Duration.ofHours(24), o.withTimeout(Duration.ofHours(24)).timeout());
        assertEquals(Duration.ofSeconds(2000), o.withDowntimeLimit(Duration.ofSeconds(2000)).downtimeLimit());
    }

    @Test
    void nativeMigrationRefusesWhatBhyvesPatchCannotDoButAcceptsATimeout() {
        MigrationOptions n = MigrationOptions.defaults(MigrationKind.NATIVE);
        assertFalse(n.autoConverge());
        assertEquals(Duration.ofMinutes(5), n.withTimeout(Duration.ofMinutes(5)).timeout());
        MigrationException e = assertThrows(MigrationException.class, () -> n.withParallelChannels(4));
        assertTrue(e.getMessage().contains("native bhyve migration has no bandwidth limit"), e.getMessage());
        assertThrows(MigrationException.class, () -> n.withBandwidthLimit(100L << 20));
        assertThrows(MigrationException.class, () -> n.withAutoConverge(true, 20, 10));
    }

    @Test
    void coldMigrationTakesABandwidthLimitAndATimeoutButOneConnectionOnly() {
        MigrationOptions c = MigrationOptions.defaults(MigrationKind.COLD).withBandwidthLimit(8L << 20)
                .withTimeout(Duration.ofSeconds(30));
        assertEquals(8L << 20, c.bandwidthLimit());
        MigrationException e = assertThrows(MigrationException.class, () -> c.withParallelChannels(2));
        assertTrue(e.getMessage().contains("one connection"), e.getMessage());
    }

    @Test
    void onlyLiveMigrationThrottlesByDefault() {
        assertFalse(MigrationOptions.defaults(MigrationKind.WARM).autoConverge());
        assertFalse(MigrationOptions.defaults(MigrationKind.COLD).autoConverge());
    }
}
