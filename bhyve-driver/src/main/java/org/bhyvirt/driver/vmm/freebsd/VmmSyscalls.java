package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The system calls the FreeBSD Vmm makes, and nothing else: open and close of {@code /dev/vmm/NAME},
 * vmm(4) ioctls with their argument structures, shared mappings of guest memory by guest physical
 * address, and the {@code hw.vmm.create} / {@code hw.vmm.destroy} sysctls that create and destroy VMs.
 * {@link LibcVmmSyscalls} is the host's implementation; every other class of this package reaches the
 * kernel only through this interface. A failing call throws {@link Errno} with the errno it set; an
 * ioctl's argument structure carries the kernel's output fields back on return.
 */
public interface VmmSyscalls {

    /** {@code open(path, O_RDWR)}: the descriptor. */
    int open(String path) throws Errno;

    /** {@code close(fd)}; errors are ignored (nothing is left to undo). */
    void close(int fd);

    /** {@code ioctl(fd, request.request(), argument)}. */
    void ioctl(int fd, VmmIoctl request, Structure argument) throws Errno;

    /** {@code mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset)}: the mapping's address. */
    Pointer mmap(int fd, long length, long offset) throws Errno;

    /** {@code munmap(address, length)}; errors are ignored. */
    void munmap(Pointer address, long length);

    /** {@code sysctlbyname(name, NULL, NULL, value, strlen(value))}: sets a string sysctl. */
    void sysctlSetString(String name, String value) throws Errno;
}
