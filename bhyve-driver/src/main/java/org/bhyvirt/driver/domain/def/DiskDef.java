package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * A {@code <disk>}. After parsing, a SATA or NVMe disk has a {@link DriveAddress} and a virtio
 * disk a {@link PciAddress}; a cdrom is always read-only.
 *
 * @param type      file, block or volume
 * @param device    disk or cdrom
 * @param driver    the {@code <driver>}, null when absent
 * @param source    the {@code <source>}, null when absent (an empty cdrom)
 * @param targetDev the target name, e.g. {@code hda}, {@code vda}, {@code nvme0n1}
 * @param bus       sata, virtio or nvme
 * @param bootOrder the per-device {@code <boot order>}, null when absent
 * @param readonly  {@code <readonly/>}
 * @param address   the address, null only before defaults are applied
 */
public record DiskDef(
        @NotNull DiskType type,
        @NotNull DiskDevice device,
        DiskDriver driver,
        DiskSource source,
        @NotBlank @Pattern(regexp = "[a-z]+[0-9a-z]*", message = "must be a disk target name such as hda or vda")
        String targetDev,
        @NotNull DiskBus bus,
        @Positive Integer bootOrder,
        boolean readonly,
        @Valid DeviceAddress address) {

    /** This disk with {@code address}. */
    public DiskDef withAddress(DeviceAddress address) {
        return new DiskDef(type, device, driver, source, targetDev, bus, bootOrder, readonly, address);
    }

    /** The source path (file or block device), or null. */
    public String sourcePath() {
        return source == null ? null : source.path();
    }
}
