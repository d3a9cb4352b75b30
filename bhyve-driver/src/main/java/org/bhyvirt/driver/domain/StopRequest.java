package org.bhyvirt.driver.domain;

/**
 * What the driver asked a running guest to do, recorded before it signals bhyve, so that bhyve's
 * exit can be told apart: a guest-initiated poweroff and a driver shutdown both exit 1, a guest
 * reboot and a driver save both exit 0.
 */
public enum StopRequest {
    /** Nothing asked: any exit is the guest's own doing. */
    NONE,
    /** ACPI shutdown (SIGTERM). */
    SHUTDOWN,
    /** Reboot (reboot flag, then SIGTERM): the exit is a reboot whatever its status. */
    REBOOT,
    /** Destroy (SIGKILL). */
    DESTROY,
    /** Save to a checkpoint ({@code bhyvectl --suspend}): exit 0 is the save completing. */
    SAVE,
    /** The destination of a migration runs the guest now: this host's bhyve is ended (SIGKILL). */
    MIGRATED,
    /** Cold migration: checkpoint to files ({@code bhyvectl --suspend}); exit 0 is the checkpoint done. */
    MIGRATION_CHECKPOINT,
    /**
     * Native migration out ({@code bhyvectl --migrate-live}) in flight: exit 0 is the migration done,
     * never a reboot (bhyve exits 0 for both).
     */
    NATIVE_OUTGOING,
    /** Native migration in ({@code bhyve -R}): any exit before the guest arrived is a failed migration. */
    NATIVE_INCOMING
}
