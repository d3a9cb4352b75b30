package org.bhyvirt.driver.domain.def;

/**
 * A disk's {@code <source>}: a path ({@code file=} for file disks, {@code dev=} for block disks)
 * or a storage pool volume ({@code pool=} and {@code volume=}). Unused fields are null.
 */
public record DiskSource(String path, String pool, String volume) {

    /** A file or block device path. */
    public static DiskSource path(String path) {
        return new DiskSource(path, null, null);
    }

    /** A volume of a storage pool. */
    public static DiskSource volume(String pool, String volume) {
        return new DiskSource(null, pool, volume);
    }
}
