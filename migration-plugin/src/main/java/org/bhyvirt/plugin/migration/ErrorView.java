package org.bhyvirt.plugin.migration;

import org.bhyvirt.migration.MigrationException;

/**
 * The JSON form of why a migration did not complete: libvirt's error number and name, the message
 * (naming phase, state and what failed) and the phase it failed in.
 *
 * @param libvirtError     libvirt's virErrorNumber value
 * @param libvirtErrorName its name, e.g. OPERATION_ABORTED
 * @param message          what failed
 * @param phase            the phase, e.g. PERFORM
 */
public record ErrorView(int libvirtError, String libvirtErrorName, String message, String phase) {

    /** The JSON form of {@code e}. */
    public static ErrorView of(MigrationException e) {
        return new ErrorView(e.code().number(), e.code().name(), e.getMessage(), e.phase().name());
    }
}
