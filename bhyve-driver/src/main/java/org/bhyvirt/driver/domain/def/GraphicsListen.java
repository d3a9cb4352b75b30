package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.NotNull;

/**
 * A {@code <listen>} of a graphics device: an address, or a libvirt network (whose address is
 * resolved when the guest starts).
 *
 * @param type    address or network
 * @param address the address, null for a network listen that is not resolved yet
 * @param network the network name of a network listen, else null
 */
public record GraphicsListen(@NotNull ListenType type, String address, String network) {
}
