package org.bhyvirt.emulator.cli;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Parses a memory size as libvmmapi's {@code vm_parse_memsize} does: a plain number (decimal, 0x hex or
 * 0 octal) is bytes, except that a value below one megabyte means megabytes (bhyve's backward
 * compatibility rule, so {@code -m 214} is 214 MiB); otherwise {@code expand_number(3)} with the
 * suffixes k, m, g, t, p, e (powers of 1024, either case, optional trailing b).
 */
public final class MemSize {
    private static final long MB = 1L << 20;

    private MemSize() {
    }

    /** The size in bytes, or empty when {@code text} is not a size. */
    public static OptionalLong parse(String text) {
        if (text == null || text.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong plain = parseUnsigned(text);
        if (plain.isPresent()) {
            long v = plain.getAsLong();
            return OptionalLong.of(v < MB ? v * MB : v);
        }
        String t = text;
        if (t.length() >= 2 && (t.endsWith("b") || t.endsWith("B"))
                && Character.isLetter(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        char unit = Character.toLowerCase(t.charAt(t.length() - 1));
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            case 'p' -> 50;
            case 'e' -> 60;
            case 'b' -> 0;
            default -> -1;
        };
        if (shift < 0) {
            return OptionalLong.empty();
        }
        OptionalLong n = parseUnsigned(t.substring(0, t.length() - 1));
        if (n.isEmpty()) {
            return OptionalLong.empty();
        }
        long v = n.getAsLong();
        if (shift > 0 && v > (Long.MAX_VALUE >>> shift)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(v << shift);
    }

    private static OptionalLong parseUnsigned(String s) {
        if (s.isEmpty() || !Character.isDigit(s.charAt(0))) {
            return OptionalLong.empty();
        }
        try {
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.startsWith("0x")) {
                return OptionalLong.of(Long.parseLong(lower.substring(2), 16));
            }
            if (lower.length() > 1 && lower.startsWith("0")) {
                return OptionalLong.of(Long.parseLong(lower.substring(1), 8));
            }
            return OptionalLong.of(Long.parseLong(lower));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
