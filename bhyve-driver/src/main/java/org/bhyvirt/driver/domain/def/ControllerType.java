package org.bhyvirt.driver.domain.def;

/** The {@code type} of a {@code <controller>} that the bhyve driver knows. */
public enum ControllerType implements XmlNamed {
    PCI("pci"),
    ISA("isa"),
    SATA("sata"),
    USB("usb");

    private final String xmlName;

    ControllerType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
