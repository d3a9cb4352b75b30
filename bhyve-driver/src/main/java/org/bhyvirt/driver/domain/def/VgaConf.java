package org.bhyvirt.driver.domain.def;

/** The {@code vgaconf} of a video {@code <driver>}; io is libvirt's default and is therefore never formatted. */
public enum VgaConf implements XmlNamed {
    IO("io"),
    ON("on"),
    OFF("off");

    private final String xmlName;

    VgaConf(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
