package org.bhyvirt.driver.domain.def;

/**
 * Where a device sits: a PCI slot on bus 0 or a drive slot on a disk controller. Every device of
 * a parsed {@link DomainDef} that bhyve puts on the PCI bus has a {@link PciAddress} after
 * parsing, and every SATA or NVMe disk without an explicit address has a {@link DriveAddress}.
 */
public sealed interface DeviceAddress permits PciAddress, DriveAddress {
}
