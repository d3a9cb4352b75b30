package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
