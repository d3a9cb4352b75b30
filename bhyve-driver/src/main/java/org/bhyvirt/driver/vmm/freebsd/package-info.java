/**
 * The FreeBSD side of the {@link org.bhyvirt.driver.vmm.Vmm} port: JNA access to {@code /dev/vmm/NAME}
 * (guest memory mapped by guest physical address, as libvmmapi maps it) and the ioctls of libvmmapi and
 * of the UPB live-migration patch, with their request numbers computed by {@link
 * org.bhyvirt.driver.vmm.freebsd.Ioctl} and their argument structures laid out as on amd64. It runs only
 * on a FreeBSD host built as docs/freebsd-host.md describes; elsewhere only the pure parts (numbers,
 * layouts, conversions) are exercised.
 */
package org.bhyvirt.driver.vmm.freebsd;
