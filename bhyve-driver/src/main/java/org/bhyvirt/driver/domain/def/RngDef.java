package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * An {@code <rng model='virtio'><backend model='random'>/dev/random</backend></rng>}: bhyve's
 * virtio-rnd. The parser refuses every other model, backend or source, as libvirt's bhyve
 * driver does.
 *
 * @param model         virtio
 * @param backendModel  random
 * @param backendSource the random device, {@code /dev/random}
 * @param address       the PCI address
 */
public record RngDef(
        @NotNull RngModel model,
        @NotNull RngBackendModel backendModel,
        @NotBlank String backendSource,
        @Valid DeviceAddress address) {

    /** This rng with {@code address}. */
    public RngDef withAddress(DeviceAddress address) {
        return new RngDef(model, backendModel, backendSource, address);
    }
}
