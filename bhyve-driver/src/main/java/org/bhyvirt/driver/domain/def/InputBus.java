package org.bhyvirt.driver.domain.def;

/** The {@code bus} of an {@code <input>}. */
public enum InputBus implements XmlNamed {
    USB("usb");

    private final String xmlName;

    InputBus(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
