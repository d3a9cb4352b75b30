package org.bhyvirt.driver.domain.def;

import static org.bhyvirt.driver.domain.def.XmlValues.xmlError;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * libvirt's post-parse defaults for a bhyve domain, in libvirt's order: per-device defaults (drive
 * addresses of SATA and NVMe disks, read-only cdroms, nmdm paths, gop video), then the bhyve
 * driver's (implicit pci-root and isa controllers, loader type), then libvirt's common ones
 * (implicit SATA controllers, the console mirroring the first serial port, the implicit video,
 * controller indices). A pure function of the raw definition and the SATA layout.
 */
final class DomainDefaults {

    private DomainDefaults() {
    }

    static DomainDef apply(DomainDef raw, SataLayout layout) {
        UUID uuid = raw.uuid() != null ? raw.uuid() : UUID.randomUUID();
        long memory = raw.memoryKiB();
        if (memory == 0) {
            throw xmlError("Memory size must be specified via <memory> or in the <numa> configuration");
        }
        long current = raw.currentMemoryKiB() == 0 || raw.currentMemoryKiB() > memory ? memory
                : raw.currentMemoryKiB();
        Devices d = raw.devices();
        OsDef os = os(raw.os(), d);

        d = d.withDisks(disks(d.disks(), layout));
        d = d.withSerialsAndConsoles(nmdm(d.serials(), uuid), nmdm(d.consoles(), uuid));

        List<ControllerDef> controllers = new ArrayList<>(d.controllers());
        Controllers.assignIndices(controllers);
        Controllers.maybeAdd(controllers, ControllerType.PCI, 0, ControllerModel.PCI_ROOT);
        if (needsIsa(os, d)) {
            Controllers.maybeAdd(controllers, ControllerType.ISA, 0, null);
        }
        int maxSata = -1;
        for (DiskDef disk : d.disks()) {
            if (disk.bus() == DiskBus.SATA && disk.address() instanceof DriveAddress a) {
                maxSata = Math.max(maxSata, a.controller());
            }
        }
        for (int i = 0; i <= maxSata; i++) {
            Controllers.maybeAdd(controllers, ControllerType.SATA, i, null);
        }
        d = d.withControllers(controllers);
        d = consoles(d);
        d = d.withVideos(videos(d));

        return new DomainDef(raw.name(), uuid, raw.title(), raw.description(), raw.metadata(), memory, current,
                raw.memoryLocked(), raw.vcpu(), raw.cpu(), os, raw.features(), raw.clockOffset(), raw.onPoweroff(),
                raw.onReboot(), raw.onCrash(), d, raw.commandlineArgs());
    }

    private static OsDef os(OsDef os, Devices d) {
        boolean deviceBoot = d.disks().stream().anyMatch(x -> x.bootOrder() != null)
                || d.interfaces().stream().anyMatch(x -> x.bootOrder() != null);
        if (deviceBoot && !os.bootDevices().isEmpty()) {
            throw xmlError("per-device boot elements cannot be used together with os/boot elements");
        }
        List<BootDevice> boot = os.bootDevices();
        if (os.bootloader() == null && boot.isEmpty() && !deviceBoot) {
            boot = List.of(BootDevice.HD);
        }
        LoaderDef loader = os.loader();
        if (loader != null && loader.path() != null && loader.type() == null) {
            loader = new LoaderDef(loader.path(), loader.readonly(), loader.secure(), LoaderType.ROM);
        }
        return new OsDef(os.type(), os.arch() == null ? "x86_64" : os.arch(), os.machine(), os.firmware(), loader,
                os.nvram(), os.bootloader(), os.bootloaderArgs(), boot);
    }

    private static List<DiskDef> disks(List<DiskDef> disks, SataLayout layout) {
        List<DiskDef> out = new ArrayList<>();
        for (DiskDef disk : disks) {
            DiskDef x = disk;
            if (x.device() == DiskDevice.CDROM && !x.readonly()) {
                x = new DiskDef(x.type(), x.device(), x.driver(), x.source(), x.targetDev(), x.bus(), x.bootOrder(),
                        true, x.address());
            }
            if (x.address() == null) {
                DiskNames.Parsed p = DiskNames.parse(x.targetDev());
                if (p == null) {
                    throw xmlError("Unknown disk name '" + x.targetDev() + "' and no address specified");
                }
                if (x.bus() == DiskBus.SATA) {
                    x = x.withAddress(layout == SataLayout.PORTS_32
                            ? new DriveAddress(p.index() / 32, 0, 0, p.index() % 32)
                            : new DriveAddress(p.index(), 0, 0, 0));
                } else if (x.bus() == DiskBus.NVME) {
                    x = x.withAddress(new DriveAddress(p.controller(), p.index(), 0, 0));
                }
            }
            out.add(x);
        }
        return out;
    }

    private static List<ChrDef> nmdm(List<ChrDef> chrs, UUID uuid) {
        List<ChrDef> out = new ArrayList<>();
        for (ChrDef c : chrs) {
            if (c.master() == null) {
                c = new ChrDef(c.type(), "/dev/nmdm" + uuid + "A", "/dev/nmdm" + uuid + "B", c.port());
            } else if (c.slave() == null) {
                throw xmlError("missing slave path for nmdm device");
            }
            out.add(c);
        }
        return out;
    }

    private static boolean needsIsa(OsDef os, Devices d) {
        return (os.bootloader() == null && os.loader() != null) || os.firmware() == Firmware.EFI
                || !d.serials().isEmpty() || !d.consoles().isEmpty()
                || (!d.graphics().isEmpty() && !d.videos().isEmpty());
    }

    /** Serial ports get ports; the first console becomes an alias of the first serial port. */
    private static Devices consoles(Devices d) {
        List<ChrDef> serials = new ArrayList<>();
        int next = 0;
        for (ChrDef s : d.serials()) {
            next = Math.max(next, s.port() + 1);
        }
        for (ChrDef s : d.serials()) {
            if (s.port() == -1) {
                s = new ChrDef(s.type(), s.master(), s.slave(), next++);
            }
            serials.add(s);
        }
        List<ChrDef> consoles = new ArrayList<>(d.consoles());
        if (!consoles.isEmpty()) {
            ChrDef first = consoles.get(0);
            if (serials.isEmpty()) {
                serials.add(new ChrDef(first.type(), first.master(), first.slave(), 0));
            }
        }
        if (!serials.isEmpty()) {
            ChrDef s = serials.get(0);
            ChrDef alias = new ChrDef(s.type(), s.master(), s.slave(), s.port());
            if (consoles.isEmpty()) {
                consoles.add(alias);
            } else {
                consoles.set(0, alias);
            }
        }
        for (int i = 1; i < consoles.size(); i++) {
            ChrDef c = consoles.get(i);
            if (c.port() == -1) {
                consoles.set(i, new ChrDef(c.type(), c.master(), c.slave(), i));
            }
        }
        return d.withSerialsAndConsoles(serials, consoles);
    }

    private static List<VideoDef> videos(Devices d) {
        List<VideoDef> videos = new ArrayList<>(d.videos());
        if (videos.isEmpty() && !d.graphics().isEmpty()) {
            videos.add(new VideoDef(VideoModel.GOP, null, 1, true, null, null, null, null));
        }
        if (!videos.isEmpty() && !videos.get(0).primary()) {
            VideoDef v = videos.get(0);
            videos.set(0, new VideoDef(v.model(), v.vram(), v.heads(), true, v.resolutionX(), v.resolutionY(),
                    v.vgaConf(), v.address()));
        }
        return videos;
    }
}
