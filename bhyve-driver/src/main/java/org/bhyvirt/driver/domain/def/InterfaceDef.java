package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * An {@code <interface>}. After parsing, it has a MAC address (lower case, colon separated;
 * generated as {@code 52:54:00:xx:xx:xx} when missing) and a PCI address.
 *
 * @param type          bridge, network or user
 * @param mac           the MAC address
 * @param sourceBridge  the bridge of a bridge interface, else null
 * @param sourceNetwork the libvirt network of a network interface, else null
 * @param model         virtio or e1000, null when no {@code <model>} was given (bhyve uses virtio)
 * @param bootOrder     the per-device boot order, null when absent
 * @param address       the PCI address
 */
public record InterfaceDef(
        @NotNull InterfaceType type,
        @NotNull @Pattern(regexp = "([0-9a-f]{2}:){5}[0-9a-f]{2}", message = "must be a MAC address like 52:54:00:12:34:56")
        String mac,
        String sourceBridge,
        String sourceNetwork,
        InterfaceModel model,
        @Positive Integer bootOrder,
        @Valid DeviceAddress address) {

    /** This interface with {@code address}. */
    public InterfaceDef withAddress(DeviceAddress address) {
        return new InterfaceDef(type, mac, sourceBridge, sourceNetwork, model, bootOrder, address);
    }

    /** The NIC model bhyve emulates for this interface (virtio when none was given). */
    public InterfaceModel effectiveModel() {
        return model == null ? InterfaceModel.VIRTIO : model;
    }
}
