package org.bhyvirt.driver.xml;

/**
 * A node of the small immutable tree {@link SafeXmlReader} builds: an element or a piece of text.
 * Comments and processing instructions are not kept.
 */
public sealed interface XmlNode permits XmlElement, XmlText {
}
