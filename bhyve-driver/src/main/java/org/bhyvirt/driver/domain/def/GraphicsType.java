package org.bhyvirt.driver.domain.def;

/** The {@code type} of {@code <graphics>}: VNC on bhyve's framebuffer. */
public enum GraphicsType implements XmlNamed {
    VNC("vnc");

    private final String xmlName;

    GraphicsType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
