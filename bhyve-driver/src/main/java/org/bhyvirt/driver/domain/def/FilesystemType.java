package org.bhyvirt.driver.domain.def;

/** The {@code type} of a {@code <filesystem>} as libvirt parses it; bhyve's virtio-9p takes only mount. */
public enum FilesystemType implements XmlNamed {
    MOUNT("mount"),
    BLOCK("block"),
    FILE("file"),
    TEMPLATE("template"),
    RAM("ram"),
    BIND("bind"),
    VOLUME("volume");

    private final String xmlName;

    FilesystemType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
