package org.bhyvirt.driver.argv;

import java.util.List;

import org.bhyvirt.driver.domain.def.BootDevice;
import org.bhyvirt.driver.domain.def.DiskDef;
import org.bhyvirt.driver.domain.def.DiskDevice;
import org.bhyvirt.driver.domain.def.DomainDef;

/**
 * The disk bhyveload boots, chosen as libvirt's {@code virBhyveGetBootDisk} does. Only disks of a
 * usable type count. With one {@code <boot dev='hd|cdrom'/>}: the first disk of that kind. Without
 * one: the single disk carrying a {@code <boot order>} (two are refused), and when no disk has
 * one, the <em>last</em> usable disk (libvirt's code returns the last one although its variable
 * says "first"; this is kept for conformance). Refuses a domain without disks, more than one boot
 * device, booting from fd or network, and a requested kind no disk has.
 */
final class BootDiskChooser {

    private BootDiskChooser() {
    }

    static DiskDef choose(DomainDef def) {
        List<DiskDef> disks = def.devices().disks();
        if (disks.isEmpty()) {
            throw Refusal.unsupported("Domain should have at least one disk defined");
        }
        List<BootDevice> bootDevices = def.os().bootDevices();
        if (bootDevices.size() > 1) {
            throw Refusal.unsupported("Only one boot device is supported");
        }
        if (bootDevices.size() == 1) {
            DiskDevice wanted = switch (bootDevices.get(0)) {
                case CDROM -> DiskDevice.CDROM;
                case HD -> DiskDevice.DISK;
                default -> throw Refusal.unsupported("Cannot boot from device " + bootDevices.get(0).xmlName());
            };
            return disks.stream()
                    .filter(DiskSources::usableType)
                    .filter(d -> d.device() == wanted)
                    .findFirst()
                    .orElseThrow(() -> Refusal.unsupported("Cannot find boot device of requested type "
                            + bootDevices.get(0).xmlName()));
        }
        DiskDef match = null;
        DiskDef lastUsable = null;
        for (DiskDef disk : disks) {
            if (!DiskSources.usableType(disk)) {
                continue;
            }
            lastUsable = disk;
            if (disk.bootOrder() != null && disk.bootOrder() > 0) {
                if (match != null) {
                    throw Refusal.unsupported("Only one boot device is supported");
                }
                match = disk;
            }
        }
        if (match != null) {
            return match;
        }
        if (lastUsable == null) {
            throw Refusal.unsupported("unsupported disk type: no disk bhyveload can boot from");
        }
        return lastUsable;
    }
}
