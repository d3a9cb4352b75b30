package org.bhyvirt.driver.domain.def;

/** The {@code bus} of a disk's {@code <target>} that bhyve can attach: AHCI (sata), virtio-blk and NVMe. */
public enum DiskBus implements XmlNamed {
    SATA("sata"),
    VIRTIO("virtio"),
    NVME("nvme");

    private final String xmlName;

    DiskBus(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
