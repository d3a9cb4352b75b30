package org.bhyvirt.cli.demo;

import java.util.Locale;

/** Byte counts, rates and durations for people, in binary units: {@code 812.0 MiB}, {@code 1.21 GiB/s}, {@code 2.3 s}. */
public final class Units {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    /** {@code 0 B}, {@code 512 B}, {@code 1.0 KiB}, {@code 812.0 MiB}, {@code 1.21 GiB} (three significant digits from GiB up). */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        String format = unit >= 3 && v < 10 ? "%.2f %s" : "%.1f %s";
        return String.format(Locale.ROOT, format, v, UNITS[unit]);
    }

    /** A rate in bytes per second, e.g. {@code 31.9 MiB/s}. */
    public static String rate(long bytesPerSecond) {
        return bytes(bytesPerSecond) + "/s";
    }

    /** Milliseconds as {@code 850 ms} below a second, else {@code 2.3 s}. */
    public static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
