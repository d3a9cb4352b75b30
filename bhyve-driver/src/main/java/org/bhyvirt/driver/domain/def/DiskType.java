package org.bhyvirt.driver.domain.def;

/** The {@code type} of a {@code <disk>} that the bhyve driver takes: a file, a block device or a storage pool volume. */
public enum DiskType implements XmlNamed {
    FILE("file"),
    BLOCK("block"),
    VOLUME("volume");

    private final String xmlName;

    DiskType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
