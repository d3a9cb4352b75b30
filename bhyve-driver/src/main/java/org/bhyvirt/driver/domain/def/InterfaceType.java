package org.bhyvirt.driver.domain.def;

/** The {@code type} of an {@code <interface>}: a tap on a bridge, a tap on a libvirt network's bridge, or user-mode (slirp). */
public enum InterfaceType implements XmlNamed {
    BRIDGE("bridge"),
    NETWORK("network"),
    USER("user");

    private final String xmlName;

    InterfaceType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
