package org.bhyvirt.driver.domain.def;

/** The {@code type} of a graphics {@code <listen>}: an address or a libvirt network. */
public enum ListenType implements XmlNamed {
    ADDRESS("address"),
    NETWORK("network");

    private final String xmlName;

    ListenType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
