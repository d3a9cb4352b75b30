package org.bhyvirt.driver.domain.def;

/** The {@code model} of an {@code <rng>}: bhyve's virtio-rnd. */
public enum RngModel implements XmlNamed {
    VIRTIO("virtio");

    private final String xmlName;

    RngModel(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
