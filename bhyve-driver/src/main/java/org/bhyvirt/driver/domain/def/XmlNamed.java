package org.bhyvirt.driver.domain.def;

/**
 * An enum constant that has one spelling in libvirt's domain XML. The spelling is the wire value:
 * the parser accepts exactly it and the formatter writes exactly it.
 */
public interface XmlNamed {

    /** The value as it appears in libvirt's domain XML. */
    String xmlName();

    /** The constant of {@code type} spelled {@code name} in XML, or null when there is none. */
    static <E extends Enum<E> & XmlNamed> E byXmlName(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.xmlName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
