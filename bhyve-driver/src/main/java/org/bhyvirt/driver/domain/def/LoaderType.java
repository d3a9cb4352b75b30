package org.bhyvirt.driver.domain.def;

/** The {@code type} of {@code <loader>}: rom (libvirt's default when a path is given) or pflash. */
public enum LoaderType implements XmlNamed {
    ROM("rom"),
    PFLASH("pflash");

    private final String xmlName;

    LoaderType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
