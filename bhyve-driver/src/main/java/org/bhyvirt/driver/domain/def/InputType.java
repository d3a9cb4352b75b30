package org.bhyvirt.driver.domain.def;

/** The {@code type} of an {@code <input>}: bhyve offers a USB tablet on its XHCI controller. */
public enum InputType implements XmlNamed {
    TABLET("tablet");

    private final String xmlName;

    InputType(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
