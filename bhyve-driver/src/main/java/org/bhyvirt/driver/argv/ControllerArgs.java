package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.List;

import org.bhyvirt.driver.domain.def.ControllerDef;
import org.bhyvirt.driver.domain.def.ControllerModel;
import org.bhyvirt.driver.domain.def.DiskBus;
import org.bhyvirt.driver.domain.def.DiskDef;
import org.bhyvirt.driver.domain.def.DiskDevice;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.DriveAddress;
import org.bhyvirt.driver.domain.def.InputBus;
import org.bhyvirt.driver.domain.def.InputDef;
import org.bhyvirt.driver.domain.def.InputType;
import org.bhyvirt.driver.domain.def.PciAddress;

/**
 * The controllers' arguments, in the order of the definition's controller list:
 * pci-root gives nothing; a SATA controller is one {@code -s S:0,ahci,hd:P,cd:P...} with the
 * SATA disks on it (with AHCI32SLOT; without it {@code ahci-hd,P} / {@code ahci-cd,P}, the parser
 * then puts one disk per controller); the USB nec-xhci controller is
 * {@code -s S:F,xhci,tablet} with exactly one USB tablet; the ISA controller is
 * {@code -s S:0,lpc}. Refuses a second USB or ISA controller, an xhci without the XHCI
 * capability, inputs other than one USB tablet, unusable disks and cdroms without a source.
 */
final class ControllerArgs {

    private ControllerArgs() {
    }

    static List<String> of(DomainDef def, BhyveCapabilities caps) {
        List<String> argv = new ArrayList<>();
        int usb = 0;
        int isa = 0;
        for (ControllerDef controller : def.devices().controllers()) {
            switch (controller.type()) {
                case PCI -> {
                    if (controller.model() != ControllerModel.PCI_ROOT) {
                        throw Refusal.unsupported("unsupported PCI controller model: only PCI root supported");
                    }
                }
                case SATA -> argv.addAll(List.of("-s", ahci(def, controller, caps)));
                case USB -> {
                    if (++usb > 1) {
                        throw Refusal.unsupported("only single USB controller is supported");
                    }
                    argv.addAll(List.of("-s", xhci(def, controller, caps)));
                }
                case ISA -> {
                    if (++isa > 1) {
                        throw Refusal.unsupported("only single ISA controller is supported");
                    }
                    PciAddress pci = Refusal.pci(controller.address(), "ISA controller");
                    argv.addAll(List.of("-s", pci.slot() + ":0,lpc"));
                }
            }
        }
        return argv;
    }

    private static String ahci(DomainDef def, ControllerDef controller, BhyveCapabilities caps) {
        boolean ports32 = caps.has(BhyveCapability.AHCI32SLOT);
        StringBuilder devices = new StringBuilder();
        for (DiskDef disk : def.devices().disks()) {
            if (disk.bus() != DiskBus.SATA) {
                continue;
            }
            if (!(disk.address() instanceof DriveAddress drive) || drive.controller() != controller.index()) {
                continue;
            }
            DiskSources.requireUsableType(disk);
            String source = disk.sourcePath();
            if (disk.device() == DiskDevice.CDROM && source == null) {
                throw Refusal.unsupported("cdrom device without source path not supported");
            }
            String kind = disk.device() == DiskDevice.CDROM ? "cd" : "hd";
            devices.append(ports32 ? "," + kind + ":" + source : "-" + kind + "," + source);
        }
        PciAddress pci = Refusal.pci(controller.address(), "SATA controller " + controller.index());
        return pci.slot() + ":0,ahci" + devices;
    }

    private static String xhci(DomainDef def, ControllerDef controller, BhyveCapabilities caps) {
        if (controller.model() != ControllerModel.NEC_XHCI) {
            throw Refusal.unsupported("only nec-xhci USB controllers are supported");
        }
        if (!caps.has(BhyveCapability.XHCI)) {
            throw Refusal.unsupported("Installed bhyve binary does not support the XHCI USB controller");
        }
        int devices = 0;
        for (InputDef input : def.devices().inputs()) {
            if (input.bus() != InputBus.USB) {
                throw Refusal.unsupported("only USB input devices are supported");
            }
            if (input.type() != InputType.TABLET) {
                throw Refusal.unsupported("only tablet input devices are supported");
            }
            devices++;
        }
        if (devices != 1) {
            throw Refusal.unsupported("only single input device is supported");
        }
        PciAddress pci = Refusal.pci(controller.address(), "USB controller");
        return Refusal.slotFunction(pci) + ",xhci,tablet";
    }
}
