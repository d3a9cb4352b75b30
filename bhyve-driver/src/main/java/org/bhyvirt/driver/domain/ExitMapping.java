package org.bhyvirt.driver.domain;

import org.bhyvirt.driver.domain.lifecycle.LifecycleMove;
import org.bhyvirt.driver.host.GuestExit;

/**
 * Maps how bhyve ended, and what the driver had asked of it, to the lifecycle move, after
 * libvirt's bhyveMonitorIO: a driver request decides first (destroy; save completing with exit 0;
 * the reboot flag, which libvirt lets override any exit status), then the exit status (0 reboot,
 * 1 poweroff, 2 halt, 3 triple fault, 4 and above error). A SIGTERM death while a shutdown or
 * reboot was requested is what was asked for (a guest that had not yet installed its ACPI handler);
 * any other death by signal is a crash. A pure function.
 *
 * <p>Where it differs from libvirt: libvirt stops a guest that exited 3 or more with
 * SHUTOFF/UNKNOWN and calls only a death by signal with a core dump a crash; here a triple fault
 * (3), bhyve's error exit (4) and any death by a signal the driver did not send are
 * SHUTOFF/CRASHED (event STOPPED/crashed), because issue 2 asks for a triple fault or an error to
 * be a crash. Any other status (bhyve's sysexits usage codes such as 64, when its options were
 * refused) and a lost exit record stay libvirt's SHUTOFF/UNKNOWN (event STOPPED/failed).
 */
public final class ExitMapping {

    /** SIGTERM's number. */
    static final int SIGTERM = 15;
    /** bhyve's exit status after a triple fault. */
    static final int TRIPLE_FAULT = 3;
    /** bhyve's exit status after an error in the guest or a device model. */
    static final int ERROR = 4;

    private ExitMapping() {
    }

    public static LifecycleMove map(GuestExit exit, StopRequest request) {
        if (request == StopRequest.DESTROY) {
            return LifecycleMove.DESTROY;
        }
        if (request == StopRequest.MIGRATED) {
            return LifecycleMove.MIGRATE_OUT;
        }
        if (request == StopRequest.NATIVE_INCOMING) {
            return LifecycleMove.MIGRATE_IN_FAILED;
        }
        if (exit.kind() == GuestExit.Kind.EXITED && exit.value() == 0) {
            if (request == StopRequest.NATIVE_OUTGOING) {
                return LifecycleMove.MIGRATE_OUT;
            }
            if (request == StopRequest.MIGRATION_CHECKPOINT) {
                return LifecycleMove.MIGRATE_SWITCH_OVER;
            }
        }
        return switch (exit.kind()) {
            case SIGNALED -> {
                if (exit.value() == SIGTERM && request == StopRequest.SHUTDOWN) {
                    yield LifecycleMove.POWER_OFF;
                }
                if (exit.value() == SIGTERM && request == StopRequest.REBOOT) {
                    yield LifecycleMove.REBOOT_STOP;
                }
                yield LifecycleMove.CRASH;
            }
            case EXITED -> {
                if (request == StopRequest.SAVE && exit.value() == 0) {
                    yield LifecycleMove.SAVE;
                }
                if (request == StopRequest.REBOOT || exit.value() == 0) {
                    yield LifecycleMove.REBOOT_STOP;
                }
                if (exit.value() == 1 || exit.value() == 2) {
                    yield LifecycleMove.POWER_OFF;
                }
                if (exit.value() == TRIPLE_FAULT || exit.value() == ERROR) {
                    yield LifecycleMove.CRASH;
                }
                yield LifecycleMove.FAIL;
            }
            case UNKNOWN -> LifecycleMove.FAIL;
        };
    }
}
