package org.bhyvirt.migration.nativ;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads the complete lines appended to a log file since the last read, keeping the last few for error
 * messages. Lines end with {@code \n}; a trailing {@code \r} (bhyve's raw tty mode) is dropped.
 */
final class LogTail {
    private static final int KEEP = 20;
    private static final int MAX_LINE = 64 * 1024;
    private final Path file;
    private final Deque<String> last = new ArrayDeque<>();
    private long offset;
    private final StringBuilder partial = new StringBuilder();

    LogTail(Path file) {
        this(file, 0);
    }

    /** Reads {@code file} from {@code offset} on (earlier content belongs to earlier runs). */
    LogTail(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** Reads what is new; returns the first readiness line among the new complete lines, if any. */
    Optional<ReadinessLine> poll() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Optional<ReadinessLine> found = Optional.empty();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            if (len <= offset) {
                return Optional.empty();
            }
            byte[] b = new byte[(int) Math.min(len - offset, 1 << 20)];
            f.seek(offset);
            f.readFully(b);
            offset += b.length;
            partial.append(new String(b, StandardCharsets.UTF_8));
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl).replace("\r", "");
            partial.delete(0, nl + 1);
            remember(line);
            if (found.isEmpty()) {
                found = ReadinessLine.parse(line);
            }
        }
        if (partial.length() > MAX_LINE) {
            remember(partial.toString());
            partial.setLength(0);
        }
        return found;
    }

    private void remember(String line) {
        last.addLast(line);
        if (last.size() > KEEP) {
            last.removeFirst();
        }
    }

    /** The last lines read, joined with " | ". */
    String lastLines() {
        return String.join(" | ", last);
    }
}
