package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The few libc calls the FreeBSD Vmm makes, bound through JNA, with FreeBSD's constant values.
 * {@link #load()} binds the host's libc; errno is read with {@link Native#getLastError()} right after a
 * failing call (the interface is loaded with last-error capture).
 */
interface LibC extends Library {
    /** FreeBSD fcntl.h O_RDWR. */
    int O_RDWR = 0x0002;
    /** FreeBSD mman.h PROT_READ. */
    int PROT_READ = 0x01;
    /** FreeBSD mman.h PROT_WRITE. */
    int PROT_WRITE = 0x02;
    /** FreeBSD mman.h MAP_SHARED. */
    int MAP_SHARED = 0x0001;
    /** MAP_FAILED, ((void *)-1). */
    Pointer MAP_FAILED = new Pointer(-1L);

    int open(String path, int flags) throws com.sun.jna.LastErrorException;

    int close(int fd);

    int ioctl(int fd, NativeLong request, Structure argument) throws com.sun.jna.LastErrorException;

    Pointer mmap(Pointer address, long length, int prot, int flags, int fd, long offset)
            throws com.sun.jna.LastErrorException;

    int munmap(Pointer address, long length);

    int sysctlbyname(String name, Pointer oldp, Pointer oldlenp, byte[] newp, NativeLong newlen)
            throws com.sun.jna.LastErrorException;

    /** The host's libc. */
    static LibC load() {
        return Native.load("c", LibC.class);
    }
}
