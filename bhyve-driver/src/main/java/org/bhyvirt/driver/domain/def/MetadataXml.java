package org.bhyvirt.driver.domain.def;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bhyvirt.driver.xml.SafeXmlReader;
import org.bhyvirt.driver.xml.XmlAttribute;
import org.bhyvirt.driver.xml.XmlElement;
import org.bhyvirt.driver.xml.XmlEscape;
import org.bhyvirt.driver.xml.XmlNode;
import org.bhyvirt.driver.xml.XmlText;

/**
 * The {@code <metadata>} elements as libvirt keeps them: only elements with a namespace, the first
 * element of each namespace, each re-serialized the way libxml2 writes it (double-quoted
 * attributes, namespace declarations first, nested elements indented by two spaces per level,
 * whitespace between elements dropped).
 */
final class MetadataXml {

    private MetadataXml() {
    }

    static List<MetadataEntry> read(XmlElement metadata) {
        List<MetadataEntry> out = new ArrayList<>();
        if (metadata == null) {
            return out;
        }
        Set<String> namespaces = new HashSet<>();
        for (XmlElement child : metadata.elements()) {
            if (child.namespaceUri().isEmpty() || !namespaces.add(child.namespaceUri())) {
                continue;
            }
            out.add(new MetadataEntry(child.namespaceUri(), serialize(child)));
        }
        return out;
    }

    /**
     * The metadata element for libvirt's set-metadata call: {@code xml} with its root element put
     * into namespace {@code uri} with prefix {@code key}.
     */
    static MetadataEntry element(String xml, String key, String uri, SafeXmlReader reader) {
        XmlElement root = reader.read(xml);
        List<XmlAttribute> attrs = new ArrayList<>();
        attrs.add(new XmlAttribute("", key, "xmlns:" + key, uri));
        for (XmlAttribute a : root.attributes()) {
            if (!a.qName().equals("xmlns:" + key) && !(a.qName().equals("xmlns") && root.qName().indexOf(':') < 0)) {
                attrs.add(a);
            }
        }
        XmlElement renamed = new XmlElement(uri, root.localName(), key + ":" + root.localName(), attrs,
                root.children());
        return new MetadataEntry(uri, serialize(renamed));
    }

    /** The element serialized at nesting level 0 (continuation lines indented relative to it). */
    static String serialize(XmlElement e) {
        StringBuilder sb = new StringBuilder();
        write(sb, e, 0, true, needsOwnNamespace(e));
        return sb.toString();
    }

    private static boolean needsOwnNamespace(XmlElement e) {
        String prefix = prefix(e.qName());
        String decl = prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix;
        for (XmlAttribute a : e.attributes()) {
            if (a.qName().equals(decl)) {
                return false;
            }
        }
        return !e.namespaceUri().isEmpty();
    }

    private static String prefix(String qName) {
        int i = qName.indexOf(':');
        return i < 0 ? "" : qName.substring(0, i);
    }

    private static void write(StringBuilder sb, XmlElement e, int level, boolean format, boolean declareOwn) {
        sb.append('<').append(e.qName());
        if (declareOwn) {
            String prefix = prefix(e.qName());
            sb.append(prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix).append("=\"")
                    .append(XmlEscape.libxmlAttribute(e.namespaceUri())).append('"');
        }
        for (XmlAttribute a : e.attributes()) {
            if (a.isNamespaceDeclaration()) {
                sb.append(' ').append(a.qName()).append("=\"").append(XmlEscape.libxmlAttribute(a.value())).append('"');
            }
        }
        for (XmlAttribute a : e.attributes()) {
            if (!a.isNamespaceDeclaration()) {
                sb.append(' ').append(a.qName()).append("=\"").append(XmlEscape.libxmlAttribute(a.value())).append('"');
            }
        }
        List<XmlNode> children = significantChildren(e);
        if (children.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        boolean hasText = children.stream().anyMatch(n -> n instanceof XmlText);
        boolean indent = format && !hasText;
        for (XmlNode n : children) {
            if (indent) {
                sb.append('\n').append("  ".repeat(level + 1));
            }
            if (n instanceof XmlText t) {
                sb.append(XmlEscape.libxmlText(t.text()));
            } else {
                write(sb, (XmlElement) n, level + 1, indent, false);
            }
        }
        if (indent) {
            sb.append('\n').append("  ".repeat(level));
        }
        sb.append("</").append(e.qName()).append('>');
    }

    private static List<XmlNode> significantChildren(XmlElement e) {
        boolean hasElements = !e.elements().isEmpty();
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode n : e.children()) {
            if (n instanceof XmlText t && hasElements && t.text().isBlank()) {
                continue;
            }
            out.add(n);
        }
        return out;
    }
}
