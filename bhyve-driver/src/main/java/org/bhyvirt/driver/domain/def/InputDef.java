package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.NotNull;

/**
 * An {@code <input type='tablet' bus='usb'/>}: the tablet on bhyve's XHCI controller.
 */
public record InputDef(@NotNull InputType type, @NotNull InputBus bus) {
}
