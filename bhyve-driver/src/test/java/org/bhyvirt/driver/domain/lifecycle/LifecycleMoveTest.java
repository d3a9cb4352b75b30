package org.bhyvirt.driver.domain.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.event.LifecycleEventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleMoveTest {

    @ParameterizedTest
    @EnumSource(LifecycleMove.class)
    void everyMoveEmitsAnEventMatchingWhereItLands(LifecycleMove move) {
        LifecycleEventType t = move.event().type();
        switch (move.to().state()) {
            case RUNNING -> assertTrue(t == LifecycleEventType.STARTED || t == LifecycleEventType.RESUMED, move.name());
            // a migration's destination starts its guest paused (STARTED, as libvirt's qemu driver)
            case PAUSED -> assertTrue(t == LifecycleEventType.SUSPENDED
                    || move == LifecycleMove.MIGRATE_PREPARE && t == LifecycleEventType.STARTED, move.name());
            case SHUTOFF -> assertEquals(LifecycleEventType.STOPPED, t);
            default -> throw new AssertionError(move + " lands in " + move.to().state());
        }
    }

    @ParameterizedTest
    @EnumSource(LifecycleMove.class)
    void startsLeaveInactiveStatesAndStopsLeaveActiveOnes(LifecycleMove move) {
        boolean lands = move.to().state().isActive();
        for (DomainState s : move.from()) {
            if (!move.betweenActiveStates()) {
                assertEquals(lands, !s.isActive(), move + " from " + s);
            }
        }
    }

    @Test
    void onlyPausesAndResumesMoveBetweenActiveStates() {
        java.util.Set<LifecycleMove> between = java.util.EnumSet.noneOf(LifecycleMove.class);
        for (LifecycleMove m : LifecycleMove.values()) {
            if (m.betweenActiveStates()) {
                between.add(m);
            }
        }
        assertEquals(java.util.EnumSet.of(LifecycleMove.PAUSE, LifecycleMove.UNPAUSE, LifecycleMove.MIGRATE_FINISH,
                LifecycleMove.MIGRATE_SWITCH_OVER, LifecycleMove.MIGRATE_CANCEL), between);
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
