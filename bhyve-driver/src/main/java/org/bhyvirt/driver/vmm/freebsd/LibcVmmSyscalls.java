package org.bhyvirt.driver.vmm.freebsd;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;

/**
 * {@link VmmSyscalls} of the running FreeBSD host, through JNA's binding of libc ({@link LibC}). libc is
 * bound at the first call, so constructing this on another system costs nothing; calling it there fails
 * (the numbers and layouts are FreeBSD's).
 */
public final class LibcVmmSyscalls implements VmmSyscalls {
    private volatile LibC libc;

    private LibC libc() {
        LibC l = libc;
        if (l == null) {
            synchronized (this) {
                if (libc == null) {
                    libc = LibC.load();
                }
                l = libc;
            }
        }
        return l;
    }

    @Override
    public int open(String path) throws Errno {
        try {
            return libc().open(path, LibC.O_RDWR);
        } catch (LastErrorException e) {
            throw new Errno("open " + path, e.getErrorCode());
        }
    }

    @Override
    public void close(int fd) {
        libc().close(fd);
    }

    @Override
    public void ioctl(int fd, VmmIoctl request, Structure argument) throws Errno {
        try {
            libc().ioctl(fd, new NativeLong(request.request()), argument);
        } catch (LastErrorException e) {
            throw new Errno(request.name(), e.getErrorCode());
        }
    }

    @Override
    public Pointer mmap(int fd, long length, long offset) throws Errno {
        try {
            return libc().mmap(null, length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, offset);
        } catch (LastErrorException e) {
            throw new Errno("mmap at offset 0x" + Long.toHexString(offset), e.getErrorCode());
        }
    }

    @Override
    public void munmap(Pointer address, long length) {
        libc().munmap(address, length);
    }

    @Override
    public void sysctlSetString(String name, String value) throws Errno {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        try {
            libc().sysctlbyname(name, null, null, v, new NativeLong(v.length));
        } catch (LastErrorException e) {
            throw new Errno("sysctl " + name, e.getErrorCode());
        }
    }
}
