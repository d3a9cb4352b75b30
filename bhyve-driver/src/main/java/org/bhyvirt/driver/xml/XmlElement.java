package org.bhyvirt.driver.xml;

import java.util.ArrayList;
import java.util.List;

/**
 * An element with its attributes in document order (unlike DOM, which sorts them) and its
 * children. Immutable.
 *
 * @param namespaceUri the element's namespace, "" for none
 * @param localName    the local name
 * @param qName        the qualified name as written
 * @param attributes   the attributes, namespace declarations included, in document order
 * @param children     elements and text, in document order
 */
public record XmlElement(String namespaceUri, String localName, String qName, List<XmlAttribute> attributes,
        List<XmlNode> children) implements XmlNode {

    public XmlElement {
        attributes = List.copyOf(attributes);
        children = List.copyOf(children);
    }

    /** The value of the un-namespaced attribute {@code name}, or null. */
    public String attr(String name) {
        for (XmlAttribute a : attributes) {
            if (a.namespaceUri().isEmpty() && !a.isNamespaceDeclaration() && a.localName().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    /** The child elements, in order. */
    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>();
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The child elements in no namespace called {@code name}, in order. */
    public List<XmlElement> elements(String name) {
        List<XmlElement> out = new ArrayList<>();
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.namespaceUri().isEmpty() && e.localName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first child element in no namespace called {@code name}, or null. */
    public XmlElement element(String name) {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.namespaceUri().isEmpty() && e.localName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The concatenated text of this element and its descendants (XPath's string()). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        appendText(sb);
        return sb.toString();
    }

    private void appendText(StringBuilder sb) {
        for (XmlNode n : children) {
            if (n instanceof XmlText t) {
                sb.append(t.text());
            } else if (n instanceof XmlElement e) {
                e.appendText(sb);
            }
        }
    }
}
