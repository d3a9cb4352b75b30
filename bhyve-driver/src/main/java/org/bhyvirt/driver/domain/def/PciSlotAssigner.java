package org.bhyvirt.driver.domain.def;

import static org.bhyvirt.driver.domain.def.XmlValues.unsupported;
import static org.bhyvirt.driver.domain.def.XmlValues.xmlError;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * PCI slot assignment as libvirt's bhyve driver does it (bhyve_device.c), a pure function: only
 * bus 0, function 0. Explicit addresses are reserved first (slot 0 is the host bridge). Unless a
 * device explicitly uses slot 1, slot 1 is reserved for the LPC bridge and the first ISA controller
 * without an address gets it. Then the next free slot goes, in this order, to controllers (sata,
 * usb nec-xhci, isa; not pci-root), interfaces, virtio disks, videos, sounds, filesystems and rngs.
 */
final class PciSlotAssigner {

    private static final int LPC_SLOT = 1;
    private static final int MAX_SLOT = 31;

    private final boolean[] used = new boolean[MAX_SLOT + 1];
    private final boolean[][] usedFunctions = new boolean[MAX_SLOT + 1][8];
    private int last = 0;

    private PciSlotAssigner() {
    }

    static DomainDef assign(DomainDef def) {
        return new PciSlotAssigner().run(def);
    }

    private DomainDef run(DomainDef def) {
        Devices d = def.devices();
        d.controllers().forEach(c -> reserve(c.address(), c.type().xmlName() + " controller"));
        d.interfaces().forEach(n -> reserve(n.address(), "interface " + n.mac()));
        d.disks().forEach(x -> reserve(x.address(), "disk " + x.targetDev()));
        d.videos().forEach(v -> reserve(v.address(), "video"));
        d.sounds().forEach(s -> reserve(s.address(), "sound"));
        d.filesystems().forEach(f -> reserve(f.address(), "filesystem " + f.targetDir()));
        d.rngs().forEach(r -> reserve(r.address(), "rng"));

        List<ControllerDef> controllers = new ArrayList<>(d.controllers());
        if (!used[LPC_SLOT]) {
            used[LPC_SLOT] = true;
            for (int i = 0; i < controllers.size(); i++) {
                ControllerDef c = controllers.get(i);
                if (c.type() == ControllerType.ISA && c.address() == null) {
                    controllers.set(i, c.withAddress(PciAddress.slot(LPC_SLOT)));
                    break;
                }
            }
        }
        for (int i = 0; i < controllers.size(); i++) {
            ControllerDef c = controllers.get(i);
            if (c.model() != ControllerModel.PCI_ROOT && c.address() == null) {
                controllers.set(i, c.withAddress(next()));
            }
        }
        d = d.withControllers(controllers);
        d = d.withInterfaces(fill(d.interfaces(), InterfaceDef::address, n -> n.withAddress(next())));
        d = d.withDisks(fill(d.disks(), x -> x.bus() == DiskBus.VIRTIO ? x.address() : DONE,
                x -> x.withAddress(next())));
        d = d.withVideos(fill(d.videos(), VideoDef::address, v -> v.withAddress(next())));
        d = d.withSounds(fill(d.sounds(), SoundDef::address, s -> s.withAddress(next())));
        d = d.withFilesystems(fill(d.filesystems(), FilesystemDef::address, f -> f.withAddress(next())));
        d = d.withRngs(fill(d.rngs(), RngDef::address, r -> r.withAddress(next())));
        return def.withDevices(d);
    }

    /** A marker meaning "this device needs no PCI address". */
    private static final DeviceAddress DONE = new DriveAddress(0, 0, 0, 0);

    private static <T> List<T> fill(List<T> devices, Function<T, DeviceAddress> address, Function<T, T> assign) {
        List<T> out = new ArrayList<>(devices.size());
        for (T t : devices) {
            out.add(address.apply(t) == null ? assign.apply(t) : t);
        }
        return out;
    }

    private void reserve(DeviceAddress address, String device) {
        if (!(address instanceof PciAddress a)) {
            return;
        }
        if (a.domain() != 0 || a.bus() != 0) {
            throw unsupported("PCI address " + format(a) + " of " + device
                    + " is not on domain 0, bus 0, the only PCI bus bhyve has");
        }
        if (a.slot() == 0) {
            return;
        }
        if (a.slot() > MAX_SLOT) {
            throw xmlError("Invalid PCI address " + format(a) + " of " + device + ": slot must be <= " + MAX_SLOT);
        }
        if (usedFunctions[a.slot()][a.function()]) {
            throw xmlError("Attempted double use of PCI Address " + format(a) + " (" + device + ")");
        }
        usedFunctions[a.slot()][a.function()] = true;
        used[a.slot()] = true;
    }

    private PciAddress next() {
        for (int slot = Math.max(last + 1, 1); slot <= MAX_SLOT; slot++) {
            if (!used[slot]) {
                used[slot] = true;
                last = slot;
                return PciAddress.slot(slot);
            }
        }
        for (int slot = 1; slot <= MAX_SLOT; slot++) {
            if (!used[slot]) {
                used[slot] = true;
                last = slot;
                return PciAddress.slot(slot);
            }
        }
        throw new BhyveDriverException(VirErrorNumber.INTERNAL_ERROR, "No more available PCI slots");
    }

    private static String format(PciAddress a) {
        return String.format("%04x:%02x:%02x.%x", a.domain(), a.bus(), a.slot(), a.function());
    }
}
