package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The loopback interface's transmit byte counter ({@code /proc/net/dev}, the same reading the QEMU
 * bench tool takes): the difference over a migration is its bytes on the wire, plus whatever else the
 * machine sent over loopback meanwhile. Returns -1 where the counter cannot be read.
 */
final class LoopbackCounter {
    private LoopbackCounter() {
    }

    static long txBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/net/dev"))) {
                String t = l.strip();
                if (t.startsWith("lo:")) {
                    String[] v = t.substring(3).strip().split("\\s+");
                    return Long.parseLong(v[8]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
