package org.bhyvirt.driver.xml;

/** Character data between elements, unescaped. */
public record XmlText(String text) implements XmlNode {
}
