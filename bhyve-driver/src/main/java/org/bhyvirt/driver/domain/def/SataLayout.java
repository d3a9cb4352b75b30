package org.bhyvirt.driver.domain.def;

/**
 * How SATA disks without an explicit address are spread over AHCI controllers, which depends on
 * the host's bhyve (its AHCI32SLOT capability).
 */
public enum SataLayout {
    /** bhyve has AHCI32SLOT: 32 ports per AHCI controller, controller = index / 32, unit = index % 32. */
    PORTS_32,
    /** bhyve lacks AHCI32SLOT: one AHCI controller per disk, controller = index, unit = 0. */
    ONE_CONTROLLER_PER_DISK
}
