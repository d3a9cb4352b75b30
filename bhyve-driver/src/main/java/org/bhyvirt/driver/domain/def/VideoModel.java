package org.bhyvirt.driver.domain.def;

/** The video model: gop, bhyve's UEFI framebuffer (libvirt's default for bhyve). */
public enum VideoModel implements XmlNamed {
    GOP("gop");

    private final String xmlName;

    VideoModel(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
