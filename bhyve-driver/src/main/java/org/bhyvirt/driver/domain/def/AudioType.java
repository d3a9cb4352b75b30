package org.bhyvirt.driver.domain.def;

/** The {@code type} of an {@code <audio>} backend: oss, FreeBSD's sound system. */
public enum AudioType implements XmlNamed {
    OSS("oss");

    private final String xmlName;

    AudioType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
