package org.bhyvirt.driver.domain.def;

/** The source {@code type} of a serial or console: bhyve's nmdm(4) null-modem pair. */
public enum ChrType implements XmlNamed {
    NMDM("nmdm");

    private final String xmlName;

    ChrType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
