package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.List;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.PciAddress;
import org.bhyvirt.driver.domain.def.RngBackendModel;
import org.bhyvirt.driver.domain.def.RngDef;
import org.bhyvirt.driver.domain.def.RngModel;

/**
 * One {@code -s S:F,virtio-rnd} per rng: model virtio, backend random reading
 * {@code /dev/random}; anything else is refused. As in libvirt, the VIRTIO_RND capability is not
 * required here (libvirt only advertises rng in the domain capabilities when it is present, and
 * its own test suite builds rng guests without the flag).
 */
final class RngArgs {

    /** The only entropy source bhyve's virtio-rnd reads. */
    static final String RANDOM_DEVICE = "/dev/random";

    private RngArgs() {
    }

    static List<String> of(DomainDef def) {
        List<String> argv = new ArrayList<>();
        for (RngDef rng : def.devices().rngs()) {
            if (rng.model() != RngModel.VIRTIO || rng.backendModel() != RngBackendModel.RANDOM
                    || !RANDOM_DEVICE.equals(rng.backendSource())) {
                throw Refusal.unsupported("only virtio rng with the random backend reading " + RANDOM_DEVICE
                        + " is supported");
            }
            PciAddress pci = Refusal.pci(rng.address(), "rng");
            argv.add("-s");
            argv.add(Refusal.slotFunction(pci) + ",virtio-rnd");
        }
        return argv;
    }
}
