package org.bhyvirt.driver.domain.def;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.xml.XmlElement;

/**
 * Reading values out of domain XML as libvirt does, with libvirt's errors: numbers (decimal, or
 * hexadecimal with 0x as libvirt's base-0 parsing takes them), enum spellings, scaled memory
 * values, and the refusal of elements the bhyve driver does not support.
 */
final class XmlValues {

    private XmlValues() {
    }

    static BhyveDriverException xmlError(String message) {
        return new BhyveDriverException(VirErrorNumber.XML_ERROR, message);
    }

    static BhyveDriverException unsupported(String message) {
        return new BhyveDriverException(VirErrorNumber.CONFIG_UNSUPPORTED, "unsupported configuration: " + message);
    }

    /** Refuses any child element in no namespace of {@code e} whose name is not in {@code allowed}. */
    static void onlyChildren(XmlElement e, String where, Set<String> allowed) {
        for (XmlElement c : e.elements()) {
            if (!c.namespaceUri().isEmpty() || c.localName().equals("alias")) {
                continue;
            }
            if (!allowed.contains(c.localName())) {
                throw unsupported("element <" + c.localName() + "> in <" + where
                        + "> is not supported by the bhyve driver");
            }
        }
    }

    /** The enum constant spelled {@code value}; an unknown spelling is refused as unsupported. */
    static <E extends Enum<E> & XmlNamed> E enumValue(Class<E> type, String value, String what) {
        E e = XmlNamed.byXmlName(type, value);
        if (e == null) {
            throw unsupported(what + " '" + value + "' is not supported by the bhyve driver");
        }
        return e;
    }

    /** yes/no, or null when absent. */
    static YesNo yesNo(String value, String what) {
        if (value == null) {
            return null;
        }
        YesNo v = XmlNamed.byXmlName(YesNo.class, value);
        if (v == null) {
            throw xmlError("Invalid value '" + value + "' for " + what + ": expected 'yes' or 'no'");
        }
        return v;
    }

    /** An unsigned number as libvirt's base-0 parsing reads it (0x hex, leading 0 octal, decimal). */
    static long unsignedNumber(String raw, String what) {
        if (raw == null) {
            throw xmlError("missing " + what);
        }
        String s = raw.trim();
        try {
            long v;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Long.parseLong(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = Long.parseLong(s.substring(1), 8);
            } else {
                v = Long.parseLong(s);
            }
            if (v < 0 || s.startsWith("+") || s.startsWith("-")) {
                throw new NumberFormatException(s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw xmlError("Invalid value '" + raw + "' for " + what);
        }
    }

    /** An unsigned int attribute, or {@code fallback} when absent. */
    static int intAttr(XmlElement e, String attr, int fallback, String what) {
        String v = e.attr(attr);
        if (v == null) {
            return fallback;
        }
        long n = unsignedNumber(v, what);
        if (n > Integer.MAX_VALUE) {
            throw xmlError("Invalid value '" + v + "' for " + what + ": too large");
        }
        return (int) n;
    }

    /** An unsigned int attribute, or null when absent. */
    static Integer intAttrOrNull(XmlElement e, String attr, String what) {
        return e.attr(attr) == null ? null : intAttr(e, attr, 0, what);
    }

    /** A signed int in decimal (ports may be -1). */
    static int signedInt(String raw, String what) {
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw xmlError("Invalid value '" + raw + "' for " + what);
        }
    }

    private static final List<String> DECIMAL_UNITS = List.of("KB", "MB", "GB", "TB", "PB", "EB");
    private static final List<String> BINARY_UNITS = List.of("KIB", "MIB", "GIB", "TIB", "PIB", "EIB");

    /** The byte multiplier of a libvirt unit (virScaleInteger); null unit means KiB. */
    static long unitScale(String unit, String what) {
        if (unit == null || unit.isEmpty()) {
            return 1024;
        }
        String u = unit.toUpperCase(Locale.ROOT);
        if (u.equals("B") || u.equals("BYTES")) {
            return 1;
        }
        int d = DECIMAL_UNITS.indexOf(u);
        if (d >= 0) {
            return pow(1000, d + 1);
        }
        int b = BINARY_UNITS.indexOf(u);
        if (b < 0 && u.length() == 1) {
            b = "KMGTPE".indexOf(u.charAt(0));
        }
        if (b >= 0) {
            return pow(1024, b + 1);
        }
        throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                "unknown suffix '" + unit + "' for " + what);
    }

    private static long pow(long base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            r *= base;
        }
        return r;
    }

    /**
     * A memory element ({@code <memory unit='MiB'>512</memory>}) in KiB, rounded up as libvirt does;
     * 0 when the element is absent.
     */
    static long memoryKiB(XmlElement e, String what) {
        if (e == null) {
            return 0;
        }
        String text = e.text().trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException ex) {
            throw xmlError("Invalid value '" + text + "' for element or attribute '" + what + "'");
        }
        if (value < 0 || text.startsWith("+")) {
            throw xmlError("Invalid value '" + text + "' for element or attribute '" + what + "'");
        }
        long scale = unitScale(e.attr("unit"), "element '" + what + "'");
        long bytes;
        try {
            bytes = Math.multiplyExact(value, scale);
        } catch (ArithmeticException ex) {
            throw xmlError("value of element '" + what + "' is too large");
        }
        long kib = bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1);
        if (kib > (Long.MAX_VALUE >> 10)) {
            throw xmlError("value of element '" + what + "' is too large");
        }
        return kib;
    }

    /** The text of the first child {@code name}, or null when absent or empty (virXPathString). */
    static String childText(XmlElement parent, String name) {
        XmlElement c = parent.element(name);
        if (c == null) {
            return null;
        }
        String t = c.text();
        return t.isEmpty() ? null : t;
    }
}
