/**
 * bhyve command lines conformant with libvirt's bhyve driver: the host's bhyve and grub-bhyve
 * capabilities and their probe, the pure translation of a domain definition into the bhyve argv,
 * the loader argv (bhyveload, grub-bhyve with its device.map, or a custom loader) and the UEFI
 * firmware choice, and the text format libvirt's test suite prints command lines in.
 */
package org.bhyvirt.driver.argv;
