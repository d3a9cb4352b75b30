package org.bhyvirt.driver.argv;

import org.bhyvirt.driver.domain.def.DeviceAddress;
import org.bhyvirt.driver.domain.def.PciAddress;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * The refusals of the command builder, with libvirt's error numbers: a configuration bhyve or
 * this driver cannot run is {@link VirErrorNumber#CONFIG_UNSUPPORTED}; a definition that lacks
 * what the parser guarantees (a PCI address) is {@link VirErrorNumber#INTERNAL_ERROR}.
 */
final class Refusal {

    private Refusal() {
    }

    static BhyveDriverException unsupported(String message) {
        return new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, message);
    }

    static BhyveDriverException internal(String message) {
        return new BhyveDriverException(VirErrorNumber.INTERNAL_ERROR, message);
    }

    /** The PCI address of a device, or an internal error naming the device. */
    static PciAddress pci(DeviceAddress address, String device) {
        if (address instanceof PciAddress pci) {
            return pci;
        }
        throw internal(device + " has no PCI address");
    }

    /** {@code S:F} of a PCI address. */
    static String slotFunction(PciAddress pci) {
        return pci.slot() + ":" + pci.function();
    }
}
