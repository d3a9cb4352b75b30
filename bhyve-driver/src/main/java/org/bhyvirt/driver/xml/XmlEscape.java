package org.bhyvirt.driver.xml;

/**
 * Escaping as libvirt writes XML. {@link #libvirt(String)} is libvirt's virBufferEscapeString
 * (used for single-quoted attributes and element text): {@code < > & ' "} become entities, tab,
 * newline and carriage return stay, other control characters are dropped. {@link #libxmlAttribute}
 * and {@link #libxmlText} are what libxml2 writes for re-serialized foreign XML (metadata).
 */
public final class XmlEscape {

    private XmlEscape() {
    }

    /** libvirt's escaping for attribute values and element text. */
    public static String libvirt(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&apos;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** libxml2's escaping of a double-quoted attribute value. */
    public static String libxmlAttribute(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** libxml2's escaping of text content. */
    public static String libxmlText(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
