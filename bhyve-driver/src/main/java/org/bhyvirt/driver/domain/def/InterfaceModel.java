package org.bhyvirt.driver.domain.def;

/** The NIC model bhyve emulates: virtio-net or e1000. */
public enum InterfaceModel implements XmlNamed {
    VIRTIO("virtio"),
    E1000("e1000");

    private final String xmlName;

    InterfaceModel(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
