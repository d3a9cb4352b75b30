package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A {@code <sound model='ich7'>} (bhyve's hda) with the id of the {@code <audio>} backend it uses.
 *
 * @param model   ich7
 * @param audioId the {@code <audio id>} child, null when absent
 * @param address the PCI address
 */
public record SoundDef(@NotNull SoundModel model, @Positive Integer audioId, @Valid DeviceAddress address) {

    /** This sound device with {@code address}. */
    public SoundDef withAddress(DeviceAddress address) {
        return new SoundDef(model, audioId, address);
    }
}
