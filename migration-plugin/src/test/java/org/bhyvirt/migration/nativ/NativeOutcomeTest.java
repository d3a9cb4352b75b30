package org.bhyvirt.migration.nativ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bhyvirt.migration.MigrationException.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The decision table of a native migration, the readiness line and the validated inputs. */
class NativeOutcomeTest {

    /** Observations and the decision each must give. */
    enum Case {
        SOURCE_EXITED_ZERO_VM_GONE_DESTINATION_RUNS(0, false, null, false, true, null),
        SOURCE_EXITED_ZERO_BUT_VM_REMAINS_IS_A_REBOOT(0, true, null, false, false, Code.OPERATION_FAILED),
        SOURCE_EXITED_NONZERO(1, false, null, false, false, Code.OPERATION_FAILED),
        DESTINATION_REFUSED_WHILE_SOURCE_RUNS(null, true, 1, false, false, Code.OPERATION_FAILED),
        DESTINATION_DIED_AFTER_SOURCE_ENDED(0, false, 137, false, false, Code.OPERATION_FAILED),
        BOTH_RUNNING_AT_TIMEOUT(null, true, null, true, false, Code.OPERATION_TIMEOUT),
        DESTINATION_EXIT_WINS_OVER_TIMEOUT(null, true, 1, true, false, Code.OPERATION_FAILED);

        final NativeOutcome.Observation observation;
        final boolean success;
        final Code code;

        Case(Integer src, boolean vm, Integer dst, boolean timedOut, boolean success, Code code) {
            this.observation = new NativeOutcome.Observation(src, vm, dst, timedOut);
            this.success = success;
            this.code = code;
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void theOutcomeFollowsOnlyFromTheProcessExits(Case c) {
        NativeOutcome o = NativeOutcome.decide(c.observation);
        assertEquals(c.success, o.success(), o.reason());
        assertEquals(c.code, o.code(), o.reason());
        assertFalse(o.reason().isEmpty());
    }

    @Test
    void successCarriesNoErrorCode() {
        assertNull(NativeOutcome.decide(new NativeOutcome.Observation(0, false, null, false)).code());
    }

    @Test
    void theReadinessLineIsReadWithOrWithoutTheCarriageReturn() {
        ReadinessLine r = ReadinessLine.parse("migrate_connections: Waiting for connections from 10.0.0.2 on 24983 port...\r")
                .orElseThrow();
        assertEquals(new ReadinessLine("10.0.0.2", 24983), r);
        assertTrue(ReadinessLine.parse("migrate_connections: Starting connection to 10.0.0.2 on 24983 port...").isEmpty());
        assertTrue(ReadinessLine.parse("hostname 10.0.0.2").isEmpty());
    }

    @Test
    void optionsOutsideTheirRangesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NativeMigrationOptions(Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new NativeMigrationOptions(Duration.ofSeconds(1), Duration.ofSeconds(-1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new NativeMigrationOptions(Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1)));
        assertEquals(Duration.ofMinutes(10), NativeMigrationOptions.DEFAULTS.timeout());
    }

    @Test
    void aDestinationWithoutMinusRAndABhyvectlWithoutMigrateAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new NativeDestination(List.of("bhyve", "-m", "256M", "vm0"), Map.of(), java.nio.file.Path.of("/tmp/x")));
        assertThrows(IllegalArgumentException.class, () -> new NativeSource(List.of("bhyvectl", "--vm=vm0", "--destroy"),
                Map.of(), CompletableFuture.completedFuture(0), () -> false));
    }
}
