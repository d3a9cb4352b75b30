package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A {@code <filesystem>} shared over virtio-9p. The parser keeps what libvirt parses; the
 * command builder takes only type mount with accessmode passthrough.
 *
 * @param type       mount by default
 * @param accessMode passthrough by default
 * @param driverType the {@code <driver type>}, null when absent
 * @param sourceDir  the host directory
 * @param targetDir  the mount tag the guest sees
 * @param readonly   {@code <readonly/>}
 * @param address    the PCI address
 */
public record FilesystemDef(
        @NotNull FilesystemType type,
        @NotNull FilesystemAccessMode accessMode,
        String driverType,
        @NotBlank String sourceDir,
        @NotBlank String targetDir,
        boolean readonly,
        @Valid DeviceAddress address) {

    /** This filesystem with {@code address}. */
    public FilesystemDef withAddress(DeviceAddress address) {
        return new FilesystemDef(type, accessMode, driverType, sourceDir, targetDir, readonly, address);
    }
}
