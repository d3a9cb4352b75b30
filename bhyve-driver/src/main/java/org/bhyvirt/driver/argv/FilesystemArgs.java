package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.List;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.FilesystemAccessMode;
import org.bhyvirt.driver.domain.def.FilesystemDef;
import org.bhyvirt.driver.domain.def.FilesystemType;
import org.bhyvirt.driver.domain.def.PciAddress;

/**
 * One {@code -s S:F,virtio-9p,TARGET=SOURCE[,ro]} per filesystem. Refuses a filesystem when bhyve
 * lacks VIRTIO_9P, and any type other than mount, any driver, and any access mode other than
 * passthrough, naming the value.
 */
final class FilesystemArgs {

    private FilesystemArgs() {
    }

    static List<String> of(DomainDef def, BhyveCapabilities caps) {
        List<String> argv = new ArrayList<>();
        for (FilesystemDef fs : def.devices().filesystems()) {
            if (fs.type() != FilesystemType.MOUNT) {
                throw Refusal.unsupported("unsupported filesystem type '" + fs.type().xmlName() + "'");
            }
            if (fs.driverType() != null) {
                throw Refusal.unsupported("unsupported filesystem driver '" + fs.driverType() + "'");
            }
            if (fs.accessMode() != FilesystemAccessMode.PASSTHROUGH) {
                throw Refusal.unsupported("unsupported filesystem accessmode '" + fs.accessMode().xmlName() + "'");
            }
            if (!caps.has(BhyveCapability.VIRTIO_9P)) {
                throw Refusal.unsupported("virtio-9p filesystems are not supported by given bhyve binary");
            }
            PciAddress pci = Refusal.pci(fs.address(), "filesystem " + fs.targetDir());
            argv.add("-s");
            argv.add(Refusal.slotFunction(pci) + ",virtio-9p," + fs.targetDir() + "=" + fs.sourceDir()
                    + (fs.readonly() ? ",ro" : ""));
        }
        return argv;
    }
}
