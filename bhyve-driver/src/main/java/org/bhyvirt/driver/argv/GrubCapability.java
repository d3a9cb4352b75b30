package org.bhyvirt.driver.argv;

/**
 * One feature of the host's {@code grub-bhyve} program (libvirt's {@code virBhyveGrubCapsFlags}).
 */
public enum GrubCapability {
    /** {@code --cons-dev}: grub's console on the guest's first nmdm serial port. */
    CONSDEV
}
