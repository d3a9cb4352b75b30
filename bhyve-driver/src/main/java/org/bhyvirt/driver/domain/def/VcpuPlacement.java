package org.bhyvirt.driver.domain.def;

/** The {@code placement} attribute of {@code <vcpu>}; libvirt defaults to static. */
public enum VcpuPlacement implements XmlNamed {
    STATIC("static"),
    AUTO("auto");

    private final String xmlName;

    VcpuPlacement(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
