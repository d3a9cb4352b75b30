package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.host.GuestExit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExitMappingTest {

    /** One row of the exit table: how bhyve ended, what the driver had asked, the resulting move. */
    enum Row {
        REBOOT_EXIT(GuestExit.exited(0), StopRequest.NONE, LifecycleMove.REBOOT_STOP),
        POWEROFF_EXIT(GuestExit.exited(1), StopRequest.NONE, LifecycleMove.POWER_OFF),
        HALT_EXIT(GuestExit.exited(2), StopRequest.NONE, LifecycleMove.POWER_OFF),
        TRIPLE_FAULT_EXIT(GuestExit.exited(3), StopRequest.NONE, LifecycleMove.CRASH),
        ERROR_EXIT_IS_A_CRASH(GuestExit.exited(4), StopRequest.NONE, LifecycleMove.CRASH),
        USAGE_EXIT_IS_A_FAILURE(GuestExit.exited(64), StopRequest.NONE, LifecycleMove.FAIL),
        SHUTDOWN_POWEROFF(GuestExit.exited(1), StopRequest.SHUTDOWN, LifecycleMove.POWER_OFF),
        SHUTDOWN_BEFORE_ACPI_HANDLER(GuestExit.signaled(15), StopRequest.SHUTDOWN, LifecycleMove.POWER_OFF),
        REBOOT_FLAG_WINS_OVER_POWEROFF(GuestExit.exited(1), StopRequest.REBOOT, LifecycleMove.REBOOT_STOP),
        REBOOT_FLAG_WINS_OVER_ERROR(GuestExit.exited(4), StopRequest.REBOOT, LifecycleMove.REBOOT_STOP),
        SAVE_COMPLETES(GuestExit.exited(0), StopRequest.SAVE, LifecycleMove.SAVE),
        SAVE_INTERRUPTED_BY_CRASH(GuestExit.exited(3), StopRequest.SAVE, LifecycleMove.CRASH),
        DESTROY_KILL(GuestExit.signaled(9), StopRequest.DESTROY, LifecycleMove.DESTROY),
        DESTROY_WHATEVER_THE_EXIT(GuestExit.exited(1), StopRequest.DESTROY, LifecycleMove.DESTROY),
        MIGRATED_AWAY_KILL_IS_NO_CRASH(GuestExit.signaled(9), StopRequest.MIGRATED, LifecycleMove.MIGRATE_OUT),
        MIGRATED_AWAY_EXIT_ZERO_IS_NO_REBOOT(GuestExit.exited(0), StopRequest.MIGRATED, LifecycleMove.MIGRATE_OUT),
        COLD_CHECKPOINT_COMPLETES(GuestExit.exited(0), StopRequest.MIGRATION_CHECKPOINT, LifecycleMove.MIGRATE_SWITCH_OVER),
        COLD_CHECKPOINT_INTERRUPTED_BY_CRASH(GuestExit.exited(3), StopRequest.MIGRATION_CHECKPOINT, LifecycleMove.CRASH),
        NATIVE_MIGRATION_OUT_EXIT_ZERO_IS_NO_REBOOT(GuestExit.exited(0), StopRequest.NATIVE_OUTGOING,
                LifecycleMove.MIGRATE_OUT),
        NATIVE_MIGRATION_OUT_POWEROFF_STAYS_POWEROFF(GuestExit.exited(1), StopRequest.NATIVE_OUTGOING,
                LifecycleMove.POWER_OFF),
        NATIVE_RECEIVER_REFUSING_IS_A_FAILED_MIGRATION(GuestExit.exited(1), StopRequest.NATIVE_INCOMING,
                LifecycleMove.MIGRATE_IN_FAILED),
        NATIVE_RECEIVER_KILLED_IS_A_FAILED_MIGRATION(GuestExit.signaled(9), StopRequest.NATIVE_INCOMING,
                LifecycleMove.MIGRATE_IN_FAILED),
        FOREIGN_KILL(GuestExit.signaled(9), StopRequest.NONE, LifecycleMove.CRASH),
        FOREIGN_SEGV(GuestExit.signaled(11), StopRequest.SHUTDOWN, LifecycleMove.CRASH),
        SUPERVISOR_LOST(GuestExit.unknown(), StopRequest.NONE, LifecycleMove.FAIL);

        final GuestExit exit;
        final StopRequest request;
        final LifecycleMove move;

        Row(GuestExit exit, StopRequest request, LifecycleMove move) {
            this.exit = exit;
            this.request = request;
            this.move = move;
        }
    }

    @ParameterizedTest
    @EnumSource(Row.class)
    void exitAndRequestDecideTheMove(Row row) {
        assertEquals(row.move, ExitMapping.map(row.exit, row.request));
    }
}
