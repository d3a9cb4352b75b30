package org.bhyvirt.driver.argv;

/**
 * Whether the command lines are built to start the guest or only to show them
 * ({@code virsh domxml-to-native}, libvirt's {@code dryRun}). When starting, a VNC server with
 * autoport must already carry the port the driver allocated for it.
 */
public enum BuildMode {
    /** Show the commands; nothing on the host is touched or required. */
    DRY_RUN,
    /** Build the commands the driver runs. */
    START
}
