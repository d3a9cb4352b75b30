package org.bhyvirt.driver.domain.def;

import org.bhyvirt.driver.xml.XmlEscape;

/**
 * A tiny writer for libvirt-style XML: two spaces per level, single-quoted attributes escaped as
 * libvirt escapes them, one element per line.
 */
final class XmlOut {

    private final StringBuilder sb = new StringBuilder();
    private int level;
    private StringBuilder tag;

    /** Starts an element's opening tag. */
    XmlOut open(String name) {
        tag = new StringBuilder().append('<').append(name);
        return this;
    }

    /** Adds an attribute when {@code value} is not null. */
    XmlOut attr(String name, Object value) {
        if (value != null) {
            tag.append(' ').append(name).append("='").append(XmlEscape.libvirt(value.toString())).append('\'');
        }
        return this;
    }

    /** Ends the opening tag; the element gets children. */
    void begin() {
        line(tag.append('>').toString());
        level++;
    }

    /** Ends the tag as an empty element. */
    void empty() {
        line(tag.append("/>").toString());
    }

    /** Ends the tag with text content and the closing tag. */
    void text(String name, String text) {
        line(tag.append('>').append(XmlEscape.libvirt(text)).append("</").append(name).append('>').toString());
    }

    /** Closes an element opened with {@link #begin()}. */
    void end(String name) {
        level--;
        line("</" + name + ">");
    }

    /** A complete element with text content. */
    void element(String name, Object text) {
        if (text != null) {
            open(name).text(name, text.toString());
        }
    }

    /** Pre-formatted lines, each indented at the current level. */
    void raw(String text) {
        for (String l : text.split("\n", -1)) {
            line(l);
        }
    }

    private void line(String s) {
        sb.append("  ".repeat(level)).append(s).append('\n');
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
