/**
 * The FreeBSD side of the {@link org.bhyvirt.driver.vmm.Vmm} port: {@link
 * org.bhyvirt.driver.vmm.freebsd.FreeBsdVmmProvider} and {@link org.bhyvirt.driver.vmm.freebsd.FreeBsdVmm}
 * over {@code /dev/vmm/NAME} (guest memory mapped by guest physical address, as libvmmapi maps it) and
 * the ioctls of libvmmapi and of the UPB live-migration patch, with their request numbers computed by
 * {@link org.bhyvirt.driver.vmm.freebsd.Ioctl} and their argument structures laid out as on amd64. Every
 * system call goes through {@link org.bhyvirt.driver.vmm.freebsd.VmmSyscalls} ({@link
 * org.bhyvirt.driver.vmm.freebsd.LibcVmmSyscalls} on the host). It runs only on a FreeBSD host built as
 * docs/freebsd-host.md describes; elsewhere the numbers, layouts, conversions and the Vmm's call
 * sequences are exercised against a recording fake kernel.
 */
package org.bhyvirt.driver.vmm.freebsd;
