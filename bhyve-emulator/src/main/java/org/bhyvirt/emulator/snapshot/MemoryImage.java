package org.bhyvirt.emulator.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies raw guest memory between the VM's memory file and a checkpoint's {@code FILE} (both lowmem
 * then highmem), in 1 MiB blocks. All-zero blocks are skipped rather than written, so both files
 * stay sparse: a guest's untouched memory costs nothing on either side.
 */
public final class MemoryImage {
    private static final int BLOCK = 1 << 20;

    private MemoryImage() {
    }

    /** Copies {@code size} bytes from {@code from} to {@code to} (created or truncated to {@code size}). */
    public static void copy(Path from, Path to, long size) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.READ)) {
            if (in.size() < size) {
                throw new IOException(from + " holds " + in.size() + " bytes, expected " + size);
            }
            out.truncate(0);
            ByteBuffer buf = ByteBuffer.allocateDirect(BLOCK);
            for (long off = 0; off < size; off += BLOCK) {
                buf.clear().limit((int) Math.min(BLOCK, size - off));
                while (buf.hasRemaining()) {
                    if (in.read(buf, off + buf.position()) < 0) {
                        throw new IOException(from + " ends early at " + (off + buf.position()));
                    }
                }
                buf.flip();
                if (!allZero(buf)) {
                    while (buf.hasRemaining()) {
                        out.write(buf, off + buf.position());
                    }
                }
            }
        }
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(to.toFile(), "rw")) {
            if (r.length() < size) {
                r.setLength(size);
            }
        }
    }

    private static boolean allZero(ByteBuffer b) {
        for (int i = b.position(); i + 8 <= b.limit(); i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
