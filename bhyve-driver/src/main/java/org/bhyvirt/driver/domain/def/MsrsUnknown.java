package org.bhyvirt.driver.domain.def;

/** The {@code unknown} attribute of {@code <features><msrs>}: ignore gives bhyve's -w. */
public enum MsrsUnknown implements XmlNamed {
    IGNORE("ignore"),
    FAIL("fail");

    private final String xmlName;

    MsrsUnknown(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
