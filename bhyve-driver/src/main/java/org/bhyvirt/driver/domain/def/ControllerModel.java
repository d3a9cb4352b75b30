package org.bhyvirt.driver.domain.def;

/** The {@code model} of a {@code <controller>}: pci-root for the PCI host bridge, nec-xhci for bhyve's XHCI. */
public enum ControllerModel implements XmlNamed {
    PCI_ROOT("pci-root"),
    NEC_XHCI("nec-xhci");

    private final String xmlName;

    ControllerModel(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
