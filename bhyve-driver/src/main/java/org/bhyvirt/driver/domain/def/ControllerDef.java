package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A {@code <controller>}: the PCI root (pci-root, no address), the ISA/LPC bridge (bhyve's
 * {@code lpc}, index 0 only), an AHCI controller (sata) or bhyve's XHCI (usb nec-xhci).
 *
 * @param type    pci, isa, sata or usb
 * @param index   the controller's index
 * @param model   pci-root or nec-xhci, null for isa and sata
 * @param address the PCI address, null for pci-root
 */
public record ControllerDef(
        @NotNull ControllerType type,
        @PositiveOrZero int index,
        ControllerModel model,
        @Valid DeviceAddress address) {

    /** This controller with {@code address}. */
    public ControllerDef withAddress(DeviceAddress address) {
        return new ControllerDef(type, index, model, address);
    }
}
