package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Guest memory images for QEMU's {@code -device loader} (loaded at {@link #LOAD_ADDRESS}, 1 MiB, as the
 * shared QEMU bench does), one per guest size: the emulated guest's own memory when a native scenario
 * exported it (same content), otherwise incompressible pseudo-random data generated here (said so in the
 * description).
 */
public final class FillImages {
    /** Where QEMU loads the image: guest RAM below it is left to the firmware. */
    public static final long LOAD_ADDRESS = 1L << 20;
    private final Map<Long, Fill> fills = new ConcurrentHashMap<>();

    /**
     * An image.
     *
     * @param file        the file ({@code guest bytes - 1 MiB} long)
     * @param description where its content comes from
     */
    public record Fill(Path file, String description) {
    }

    /** Records the image for guests of {@code guestBytes}. */
    public void put(long guestBytes, Path file, String description) {
        fills.put(guestBytes, new Fill(file, description));
    }

    /** A part of a guest's RAM image: a file and the guest physical address QEMU loads it at. */
    public record Part(Path file, long address) {
    }

    /** Guests above this size get q35's 2 GiB of RAM below 4 GiB, the rest above 4 GiB. */
    static final long Q35_SPLIT_ABOVE = 2816L << 20;
    private static final long PART_BYTES = 1L << 30;
    private final Map<Long, List<Part>> parts = new ConcurrentHashMap<>();

    /**
     * Incompressible pseudo-random RAM for a q35 guest of {@code guestBytes} above
     * {@link #Q35_SPLIT_ABOVE}: 1 MiB to 2 GiB, then from 4 GiB, in files of at most 1 GiB (QEMU's
     * loader reads less than 2 GiB per file), generated once in {@code dir}.
     */
    public List<Part> randomParts(long guestBytes, Path dir) throws IOException {
        List<Part> known = parts.get(guestBytes);
        if (known != null) {
            return known;
        }
        List<Part> made = new ArrayList<>();
        long seed = guestBytes;
        long[][] ranges = {{LOAD_ADDRESS, 2L << 30}, {4L << 30, (4L << 30) + guestBytes - (2L << 30)}};
        for (long[] r : ranges) {
            for (long at = r[0]; at < r[1]; at += PART_BYTES) {
                long len = Math.min(PART_BYTES, r[1] - at);
                Path out = dir.resolve("fill-random-" + (guestBytes >> 20) + "M-at-" + Long.toHexString(at) + ".bin");
                writeRandom(out, len, seed++);
                made.add(new Part(out, at));
            }
        }
        parts.put(guestBytes, List.copyOf(made));
        return made;
    }

    private static void writeRandom(Path out, long bytes, long seed) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        SplittableRandom r = new SplittableRandom(seed);
        try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long left = bytes; left > 0; left -= b.capacity()) {
                b.clear();
                while (b.hasRemaining()) {
                    b.putLong(r.nextLong());
                }
                b.flip().limit((int) Math.min(b.capacity(), left));
                while (b.hasRemaining()) {
                    o.write(b);
                }
            }
        }
    }

    /** The image for guests of {@code guestBytes}, generating a random one in {@code dir} if none was exported. */
    public Fill get(long guestBytes, Path dir) throws IOException {
        Fill f = fills.get(guestBytes);
        if (f != null) {
            return f;
        }
        Path out = dir.resolve("fill-random-" + (guestBytes >> 20) + "M.bin");
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        SplittableRandom r = new SplittableRandom(guestBytes);
        try (FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long left = guestBytes - LOAD_ADDRESS; left > 0; left -= b.capacity()) {
                b.clear();
                while (b.hasRemaining()) {
                    b.putLong(r.nextLong());
                }
                b.flip().limit((int) Math.min(b.capacity(), left));
                while (b.hasRemaining()) {
                    o.write(b);
                }
            }
        }
        Fill made = new Fill(out, "incompressible pseudo-random data (no native scenario exported this size)");
        fills.put(guestBytes, made);
        return made;
    }
}
