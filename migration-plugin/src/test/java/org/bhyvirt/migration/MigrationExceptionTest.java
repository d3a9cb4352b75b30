package org.bhyvirt.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MigrationExceptionTest {

    @Test
    void codesCarryLibvirtsVirErrorNumbers() {
        assertEquals(9, MigrationException.Code.OPERATION_FAILED.number());
        assertEquals(8, MigrationException.Code.INVALID_ARG.number());
        assertEquals(39, MigrationException.Code.RPC.number());
        assertEquals(45, MigrationException.Code.AUTH_FAILED.number());
        assertEquals(55, MigrationException.Code.OPERATION_INVALID.number());
        assertEquals(68, MigrationException.Code.OPERATION_TIMEOUT.number());
        assertEquals(78, MigrationException.Code.OPERATION_ABORTED.number());
        assertEquals(81, MigrationException.Code.MIGRATE_UNSAFE.number());
        assertEquals(91, MigrationException.Code.CPU_INCOMPATIBLE.number());
    }

    @Test
    void everyCodeHasItsOwnNumber() {
        Set<Integer> seen = new HashSet<>();
        for (MigrationException.Code c : MigrationException.Code.values()) {
            assertEquals(true, seen.add(c.number()), c + " reuses " + c.number());
        }
    }

    @Test
    void unknownNumbersMapToOperationFailed() {
        assertEquals(MigrationException.Code.OPERATION_FAILED, MigrationException.Code.ofNumber(4242));
        assertEquals(MigrationException.Code.OPERATION_ABORTED, MigrationException.Code.ofNumber(78));
    }

    @Test
    void messageNamesPhaseStateAndReason() {
        MigrationException e = new MigrationException(MigrationException.Code.RPC, MigrationPhase.PERFORM,
                "ROUNDS", "frame MEMORY too long");
        assertEquals("migration perform failed in state ROUNDS: frame MEMORY too long", e.getMessage());
        assertEquals("frame MEMORY too long", e.reason());
        assertEquals(MigrationPhase.PERFORM, e.phase());
        assertEquals("ROUNDS", e.state());
    }

    @Test
    void refusesMissingParts() {
        assertThrows(NullPointerException.class,
                () -> new MigrationException(null, MigrationPhase.BEGIN, "s", "m"));
        assertThrows(NullPointerException.class,
                () -> new MigrationException(MigrationException.Code.RPC, MigrationPhase.BEGIN, null, "m"));
    }
}
