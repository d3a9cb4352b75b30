package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.List;

import org.bhyvirt.driver.domain.def.DiskBus;
import org.bhyvirt.driver.domain.def.DiskDef;
import org.bhyvirt.driver.domain.def.DiskDevice;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.PciAddress;

/**
 * One {@code -s S:0,virtio-blk,PATH} per virtio disk, in disk order; SATA disks are left to
 * their AHCI controller. Refuses a virtio cdrom, a disk type bhyve cannot use and any bus other
 * than sata and virtio (NVMe needs a newer libvirt than the one this follows).
 */
final class VirtioDiskArgs {

    private VirtioDiskArgs() {
    }

    static List<String> of(DomainDef def) {
        List<String> argv = new ArrayList<>();
        for (DiskDef disk : def.devices().disks()) {
            if (disk.bus() == DiskBus.SATA) {
                continue;
            }
            if (disk.bus() != DiskBus.VIRTIO) {
                throw Refusal.unsupported("unsupported disk device: bus '" + disk.bus().xmlName() + "' of disk "
                        + disk.targetDev());
            }
            if (disk.device() != DiskDevice.DISK) {
                throw Refusal.unsupported("unsupported disk device");
            }
            DiskSources.requireUsableType(disk);
            PciAddress pci = Refusal.pci(disk.address(), "disk " + disk.targetDev());
            argv.add("-s");
            argv.add(pci.slot() + ":0,virtio-blk," + disk.sourcePath());
        }
        return argv;
    }
}
