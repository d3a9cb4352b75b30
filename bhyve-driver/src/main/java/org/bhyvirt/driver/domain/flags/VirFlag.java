package org.bhyvirt.driver.domain.flags;

/**
 * One named bit of a libvirt {@code flags} argument. The bit values are libvirt's wire values.
 */
public interface VirFlag {

    /** libvirt's value of this flag. */
    long bit();
}
