package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A PCI address (domain, bus, slot, function) as libvirt writes it:
 * {@code domain='0x0000' bus='0x00' slot='0x02' function='0x0'}. bhyve uses bus 0 and
 * function 0; slot 0 is the host bridge.
 */
public record PciAddress(
        @Min(0) @Max(0xffff) int domain,
        @Min(0) @Max(0xff) int bus,
        @Min(0) @Max(31) int slot,
        @Min(0) @Max(7) int function) implements DeviceAddress {

    /** Slot {@code slot} on domain 0, bus 0, function 0. */
    public static PciAddress slot(int slot) {
        return new PciAddress(0, 0, slot, 0);
    }
}
