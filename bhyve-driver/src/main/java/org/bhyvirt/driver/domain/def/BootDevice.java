package org.bhyvirt.driver.domain.def;

/** A {@code <boot dev>} of {@code <os>}, in libvirt's spelling. */
public enum BootDevice implements XmlNamed {
    FLOPPY("fd"),
    HD("hd"),
    CDROM("cdrom"),
    NETWORK("network");

    private final String xmlName;

    BootDevice(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
