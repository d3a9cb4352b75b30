package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A {@code <video>}: bhyve's gop framebuffer. After parsing, the model is gop (libvirt's default
 * for bhyve), heads is at least 1 and the first video is primary.
 *
 * @param model        gop
 * @param vram         the vram attribute in KiB, null when absent
 * @param heads        number of heads
 * @param primary      primary='yes'
 * @param resolutionX  the resolution width, null when absent
 * @param resolutionY  the resolution height, null when absent
 * @param vgaConf      the vgaconf of {@code <driver>}, null when absent (io is the default)
 * @param address      the PCI address
 */
public record VideoDef(
        @NotNull VideoModel model,
        @Positive Integer vram,
        @Positive int heads,
        boolean primary,
        @Positive Integer resolutionX,
        @Positive Integer resolutionY,
        VgaConf vgaConf,
        @Valid DeviceAddress address) {

    /** This video with {@code address}. */
    public VideoDef withAddress(DeviceAddress address) {
        return new VideoDef(model, vram, heads, primary, resolutionX, resolutionY, vgaConf, address);
    }
}
