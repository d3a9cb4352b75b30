package org.bhyvirt.migration.nativ;

import org.bhyvirt.migration.MigrationException;

/**
 * The decision of a native migration from what the processes did, as a pure function (reference §5.5):
 * success only when the source bhyve exited 0, its VM is gone and the destination is still alive after
 * the grace period; every other combination is a failure with the libvirt code and the reason.
 *
 * @param success whether the guest now runs on the destination
 * @param code    the error code of a failure (null on success)
 * @param reason  what decided it
 */
public record NativeOutcome(boolean success, MigrationException.Code code, String reason) {

    /**
     * What was observed when the supervision stopped waiting.
     *
     * @param sourceExit      the source bhyve's exit status, or null while it runs
     * @param sourceVmPresent whether the source VM still exists
     * @param destinationExit the destination bhyve's exit status, or null while it runs
     * @param timedOut        whether the overall timeout passed first
     */
    public record Observation(Integer sourceExit, boolean sourceVmPresent, Integer destinationExit, boolean timedOut) {
    }

    /** Decides from {@code o}. */
    public static NativeOutcome decide(Observation o) {
        if (o.destinationExit() != null) {
            String when = o.sourceExit() == null ? "while the source kept running" : "after the source ended with "
                    + o.sourceExit();
            return failure(MigrationException.Code.OPERATION_FAILED, "the destination bhyve exited with status "
                    + o.destinationExit() + " " + when + (o.destinationExit() == 1 ? " (it refused or lost the migration)" : ""));
        }
        if (o.sourceExit() == null) {
            return o.timedOut()
                    ? failure(MigrationException.Code.OPERATION_TIMEOUT, "the source bhyve was still running when the timeout passed")
                    : failure(MigrationException.Code.OPERATION_FAILED, "the source bhyve is still running");
        }
        if (o.sourceExit() != 0) {
            return failure(MigrationException.Code.OPERATION_FAILED, "the source bhyve exited with status " + o.sourceExit()
                    + " instead of 0");
        }
        if (o.sourceVmPresent()) {
            return failure(MigrationException.Code.OPERATION_FAILED,
                    "the source bhyve exited 0 but its VM still exists (a reboot, not a migration)");
        }
        return new NativeOutcome(true, null, "the source bhyve exited 0, its VM is gone and the destination runs");
    }

    private static NativeOutcome failure(MigrationException.Code code, String reason) {
        return new NativeOutcome(false, code, reason);
    }
}
