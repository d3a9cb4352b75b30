package org.bhyvirt.driver.vmm.emulated;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The Linux calls the emulated Vmm uses beyond Java's file API, bound through JNA: the data and hole
 * extents of a sparse file ({@code lseek} with {@code SEEK_DATA} / {@code SEEK_HOLE}, which tmpfs
 * answers without allocating anything) and populating a shared mapping ({@code madvise} with
 * {@code MADV_POPULATE_WRITE}, Linux 5.14) and detaching a mapping from its file at once ({@code mmap}
 * with {@code MAP_FIXED} of private anonymous memory over it). Every call reports failure as an
 * {@link java.io.IOException}-free answer the caller can fall back from: {@link #UNKNOWN} for extents,
 * {@code false} for populating and detaching; nothing here throws for a missing libc or an old kernel.
 */
final class LinuxFiles {
    /** An extent query that could not be answered (no JNA, no SEEK_DATA support, an I/O error). */
    static final long UNKNOWN = -2;
    /** No data at or after the offset asked. */
    static final long NONE = -1;

    private static final int O_RDONLY = 0;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;
    private static final int MADV_POPULATE_WRITE = 23;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_FIXED = 0x10;
    private static final int MAP_ANONYMOUS = 0x20;

    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int close(int fd);

        long lseek(int fd, long offset, int whence) throws LastErrorException;

        int madvise(Pointer address, long length, int advice) throws LastErrorException;

        Pointer mmap(Pointer address, long length, int prot, int flags, int fd, long offset) throws LastErrorException;
    }

    private static final LibC LIBC = load();

    private LinuxFiles() {
    }

    private static LibC load() {
        try {
            return Native.load("c", LibC.class);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** The first offset at or after {@code offset} inside a data extent of {@code file}, {@link #NONE} or {@link #UNKNOWN}. */
    static long nextData(Path file, long offset) {
        return seek(file, offset, SEEK_DATA);
    }

    /** The first offset at or after {@code offset} inside a hole of {@code file} (its size at the end), or {@link #UNKNOWN}. */
    static long nextHole(Path file, long offset) {
        long h = seek(file, offset, SEEK_HOLE);
        return h == NONE ? UNKNOWN : h;
    }

    private static long seek(Path file, long offset, int whence) {
        if (LIBC == null) {
            return UNKNOWN;
        }
        int fd;
        try {
            fd = LIBC.open(file.toString(), O_RDONLY);
        } catch (LastErrorException e) {
            return UNKNOWN;
        }
        try {
            return LIBC.lseek(fd, offset, whence);
        } catch (LastErrorException e) {
            return e.getErrorCode() == ENXIO ? NONE : UNKNOWN;
        } finally {
            LIBC.close(fd);
        }
    }

    /** Populates {@code mapping} (a direct buffer over a shared file mapping) writable; false when it could not. */
    static boolean populateWritable(ByteBuffer mapping) {
        if (LIBC == null || !mapping.isDirect()) {
            return false;
        }
        try {
            return LIBC.madvise(Native.getDirectBufferPointer(mapping), mapping.capacity(), MADV_POPULATE_WRITE) == 0;
        } catch (LastErrorException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Replaces the pages of {@code mapping} (a direct buffer over a file mapping) with private anonymous
     * memory in one {@code mmap(MAP_FIXED)}: the file's pages leave this process now (a deleted memory
     * file's RAM is freed once no other process maps it), while the address range stays valid, so a late
     * access through the buffer reads zeros and writes to private memory instead of faulting. The JVM's
     * own unmap, when the buffer is collected, then removes the anonymous range. False when it could not.
     */
    static boolean detach(ByteBuffer mapping) {
        if (LIBC == null || !mapping.isDirect() || mapping.capacity() == 0) {
            return false;
        }
        try {
            Pointer at = Native.getDirectBufferPointer(mapping);
            Pointer got = LIBC.mmap(at, mapping.capacity(), PROT_READ_WRITE, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS,
                    -1, 0);
            return at.equals(got);
        } catch (LastErrorException | UnsupportedOperationException e) {
            return false;
        }
    }
}
