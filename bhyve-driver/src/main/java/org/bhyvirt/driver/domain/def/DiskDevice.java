package org.bhyvirt.driver.domain.def;

/** The {@code device} of a {@code <disk>}: a disk or a cdrom (always read-only). */
public enum DiskDevice implements XmlNamed {
    DISK("disk"),
    CDROM("cdrom");

    private final String xmlName;

    DiskDevice(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
