package org.bhyvirt.driver.argv;

import org.bhyvirt.driver.domain.def.DiskDef;
import org.bhyvirt.driver.domain.def.DiskType;

/**
 * Which disks bhyve can use and their host paths. libvirt takes file and volume disks; a volume
 * is translated to its path through libvirt's storage pools, which bhyvirt does not have, so a
 * volume disk is usable only when its source already carries a path.
 */
final class DiskSources {

    private DiskSources() {
    }

    /** Whether the disk's type is one bhyve can use (libvirt's "unsupported disk type" otherwise). */
    static boolean usableType(DiskDef disk) {
        return disk.type() == DiskType.FILE || (disk.type() == DiskType.VOLUME && disk.sourcePath() != null);
    }

    /** Refuses a disk of an unusable type. */
    static void requireUsableType(DiskDef disk) {
        if (disk.type() == DiskType.VOLUME && disk.sourcePath() == null) {
            throw Refusal.unsupported("unsupported disk type: storage pool volume '"
                    + disk.source().pool() + "/" + disk.source().volume() + "' of disk " + disk.targetDev()
                    + " cannot be resolved (no storage pools)");
        }
        if (!usableType(disk)) {
            throw Refusal.unsupported("unsupported disk type");
        }
    }
}
