package org.bhyvirt.emulator.guest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The text header of an emulated guest's boot disk: the line {@code BHYVIRT-EMULATED-GUEST 1}, then
 * {@code key=value} lines up to the first NUL byte (at most the first 4096 bytes). Keys:
 * {@code working-set} (a share {@code 50%} or a size {@code 256MiB}), {@code write-rate}
 * ({@code 64MiB/s}), {@code pattern} (sequential|random|hotspot), {@code free} and {@code zero} (shares),
 * {@code acpi} (honor|ignore). Lines starting with '#' and blank lines are skipped; an unknown key or a bad
 * value makes the header invalid. Defaults: working-set 25%, write-rate 16MiB/s, pattern random,
 * free 50%, zero 0%, acpi honor. {@link #format} and {@link #parse} are inverse on valid workloads.
 */
public final class GuestImageHeader {
    /** The first line of a guest image. */
    public static final String MAGIC = "BHYVIRT-EMULATED-GUEST 1";
    /** How much of the disk the header may use. */
    public static final int MAX_BYTES = 4096;

    private GuestImageHeader() {
    }

    /** The workload of the disk at {@code disk}: {@link Workload#IDLE} if it has no header. */
    public static Workload read(Path disk) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(disk)) {
            head = in.readNBytes(MAX_BYTES);
        }
        int end = 0;
        while (end < head.length && head[end] != 0) {
            end++;
        }
        String text = new String(head, 0, end, StandardCharsets.UTF_8);
        if (!text.startsWith(MAGIC + "\n") && !text.equals(MAGIC)) {
            return Workload.IDLE;
        }
        return parse(text);
    }

    /** Parses a header text (starting with {@link #MAGIC}); throws IllegalArgumentException naming the bad line. */
    public static Workload parse(String text) {
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("guest image header must start with '" + MAGIC + "'");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("guest image header line " + (i + 1) + " is not key=value: " + line);
            }
            kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return fromMap(kv);
    }

    /** A workload from key=value settings (the header's keys; missing keys take the defaults). */
    public static Workload fromMap(Map<String, String> kv) {
        double wsShare = 0.25;
        long wsBytes = -1;
        long rate = 16L << 20;
        Workload.Pattern pattern = Workload.Pattern.RANDOM;
        double free = 0.5;
        double zero = 0;
        Workload.Acpi acpi = Workload.Acpi.HONOR;
        for (Map.Entry<String, String> e : kv.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "working-set" -> {
                    if (v.endsWith("%")) {
                        wsShare = share(e.getKey(), v);
                        wsBytes = -1;
                    } else {
                        wsBytes = size(e.getKey(), v);
                        wsShare = -1;
                    }
                }
                case "write-rate" -> {
                    if (!v.endsWith("/s")) {
                        throw bad(e.getKey(), v, "a rate such as 64MiB/s");
                    }
                    rate = size(e.getKey(), v.substring(0, v.length() - 2));
                }
                case "pattern" -> pattern = choice(Workload.Pattern.class, e.getKey(), v);
                case "free" -> free = share(e.getKey(), v);
                case "zero" -> zero = share(e.getKey(), v);
                case "acpi" -> acpi = choice(Workload.Acpi.class, e.getKey(), v);
                default -> throw new IllegalArgumentException("unknown guest image key '" + e.getKey() + "'");
            }
        }
        if (free + zero > 1) {
            throw new IllegalArgumentException("free (" + pct(free) + ") and zero (" + pct(zero) + ") exceed 100%");
        }
        return new Workload(true, wsShare, wsBytes, rate, pattern, free, zero, acpi);
    }

    /** The header text of {@code w} (an active workload), ending with a newline. */
    public static String format(Workload w) {
        return MAGIC + "\n"
                + "working-set=" + (w.workingSetShare() >= 0 ? pct(w.workingSetShare()) : w.workingSetBytes() + "B") + "\n"
                + "write-rate=" + w.writeRate() + "B/s\n"
                + "pattern=" + w.pattern().text() + "\n"
                + "free=" + pct(w.freeShare()) + "\n"
                + "zero=" + pct(w.zeroShare()) + "\n"
                + "acpi=" + w.acpi().text() + "\n";
    }

    private static String pct(double share) {
        double p = share * 100;
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
    }

    private static double share(String key, String v) {
        if (!v.endsWith("%")) {
            throw bad(key, v, "a share such as 20%");
        }
        try {
            double d = Double.parseDouble(v.substring(0, v.length() - 1));
            if (d < 0 || d > 100 || Double.isNaN(d)) {
                throw bad(key, v, "a share from 0% to 100%");
            }
            return d / 100;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a share such as 20%");
        }
    }

    /** A size: digits with an optional unit B, K/KiB, M/MiB, G/GiB, T/TiB (powers of 1024). */
    static long size(String key, String v) {
        String t = v.toLowerCase(Locale.ROOT);
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty() && "kmgt".indexOf(t.charAt(t.length() - 1)) >= 0) {
            shift = 10 * ("kmgt".indexOf(t.charAt(t.length() - 1)) + 1);
            t = t.substring(0, t.length() - 1);
        }
        OptionalLong n = t.matches("[0-9]{1,15}") ? OptionalLong.of(Long.parseLong(t)) : OptionalLong.empty();
        if (n.isEmpty() || n.getAsLong() > (Long.MAX_VALUE >>> (shift + 1))) {
            throw bad(key, v, "a size such as 256MiB");
        }
        return n.getAsLong() << shift;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String key, String v) {
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(key, v, "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    private static IllegalArgumentException bad(String key, String v, String expected) {
        return new IllegalArgumentException("guest image key '" + key + "' has value '" + v + "', expected " + expected);
    }
}
