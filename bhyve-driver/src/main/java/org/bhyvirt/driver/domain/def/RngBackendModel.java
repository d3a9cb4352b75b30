package org.bhyvirt.driver.domain.def;

/** The {@code model} of an rng {@code <backend>}: the host's random device. */
public enum RngBackendModel implements XmlNamed {
    RANDOM("random");

    private final String xmlName;

    RngBackendModel(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
