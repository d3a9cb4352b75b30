package org.bhyvirt.driver.domain.def;

/** The {@code accessmode} of a {@code <filesystem>} as libvirt parses it; bhyve takes only passthrough (libvirt's default). */
public enum FilesystemAccessMode implements XmlNamed {
    PASSTHROUGH("passthrough"),
    MAPPED("mapped"),
    SQUASH("squash");

    private final String xmlName;

    FilesystemAccessMode(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
