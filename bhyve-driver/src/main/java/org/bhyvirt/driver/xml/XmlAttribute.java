package org.bhyvirt.driver.xml;

/**
 * An attribute in document order. Namespace declarations are kept as attributes whose qualified
 * name is {@code xmlns} or starts with {@code xmlns:} (see {@link #isNamespaceDeclaration()}).
 *
 * @param namespaceUri the attribute's namespace, "" for none
 * @param localName    the local name
 * @param qName        the qualified name as written
 * @param value        the value, unescaped
 */
public record XmlAttribute(String namespaceUri, String localName, String qName, String value) {

    /** True for {@code xmlns} and {@code xmlns:prefix}. */
    public boolean isNamespaceDeclaration() {
        return qName.equals("xmlns") || qName.startsWith("xmlns:");
    }
}
