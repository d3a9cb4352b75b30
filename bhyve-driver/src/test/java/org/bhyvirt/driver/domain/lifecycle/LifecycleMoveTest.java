package org.bhyvirt.driver.domain.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.event.LifecycleEventType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleMoveTest {

    /** Moves from one active state to another (the guest, or its checkpoint, lives on). */
    private static final Set<LifecycleMove> BETWEEN_ACTIVE_STATES = EnumSet.of(LifecycleMove.PAUSE,
            LifecycleMove.UNPAUSE, LifecycleMove.MIGRATE_CHECKPOINT, LifecycleMove.MIGRATE_CANCEL_RESTORE,
            LifecycleMove.MIGRATE_IN_RESUME);

    @ParameterizedTest
    @EnumSource(value = LifecycleMove.class, names = {"MIGRATE_CHECKPOINT", "MIGRATE_CANCEL_RESTORE",
        "MIGRATE_IN_AWAIT", "MIGRATE_IN_RESUME"})
    void migrationMovesLandWhereLibvirtShowsAMigratingDomain(LifecycleMove move) {
        switch (move) {
            case MIGRATE_CHECKPOINT -> assertEquals(List.of(DomainStateReason.PAUSED_MIGRATION,
                    LifecycleEventDetail.SUSPENDED_MIGRATED), List.of(move.to(), move.event()));
            case MIGRATE_CANCEL_RESTORE -> assertEquals(List.of(DomainStateReason.RUNNING_MIGRATION_CANCELED,
                    LifecycleEventDetail.RESUMED_MIGRATED), List.of(move.to(), move.event()));
            case MIGRATE_IN_AWAIT -> assertEquals(List.of(DomainStateReason.PAUSED_MIGRATION,
                    LifecycleEventDetail.STARTED_MIGRATED), List.of(move.to(), move.event()));
            default -> assertEquals(List.of(DomainStateReason.RUNNING_MIGRATED,
                    LifecycleEventDetail.RESUMED_MIGRATED), List.of(move.to(), move.event()));
        }
    }

    @ParameterizedTest
    @EnumSource(LifecycleMove.class)
    void everyMoveEmitsAnEventMatchingWhereItLands(LifecycleMove move) {
        LifecycleEventType t = move.event().type();
        switch (move.to().state()) {
            case RUNNING -> assertTrue(t == LifecycleEventType.STARTED || t == LifecycleEventType.RESUMED, move.name());
            // a guest started paused (libvirt's migration prepare) announces its start
            case PAUSED -> assertEquals(move.allowedFrom(DomainState.SHUTOFF) ? LifecycleEventType.STARTED
                    : LifecycleEventType.SUSPENDED, t, move.name());
            case SHUTOFF -> assertEquals(LifecycleEventType.STOPPED, t);
            default -> throw new AssertionError(move + " lands in " + move.to().state());
        }
    }

    @ParameterizedTest
    @EnumSource(LifecycleMove.class)
    void startsLeaveInactiveStatesAndStopsLeaveActiveOnes(LifecycleMove move) {
        boolean lands = move.to().state().isActive();
        for (DomainState s : move.from()) {
            if (!BETWEEN_ACTIVE_STATES.contains(move)) {
                assertEquals(lands, !s.isActive(), move + " from " + s);
            }
        }
    }

    @Test
    void pauseOnlyFromRunningAndResumeOnlyFromPaused() {
        assertTrue(LifecycleMove.PAUSE.allowedFrom(DomainState.RUNNING));
        assertFalse(LifecycleMove.PAUSE.allowedFrom(DomainState.PAUSED));
        assertFalse(LifecycleMove.PAUSE.allowedFrom(DomainState.SHUTOFF));
        assertTrue(LifecycleMove.UNPAUSE.allowedFrom(DomainState.PAUSED));
        assertFalse(LifecycleMove.UNPAUSE.allowedFrom(DomainState.RUNNING));
        assertFalse(LifecycleMove.BOOT.allowedFrom(DomainState.RUNNING));
        assertFalse(LifecycleMove.DESTROY.allowedFrom(DomainState.SHUTOFF));
    }
}
