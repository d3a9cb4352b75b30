package org.bhyvirt.driver.domain.def;

/** The {@code firmware} attribute of {@code <os>} (firmware autoselection). */
public enum Firmware implements XmlNamed {
    EFI("efi"),
    BIOS("bios");

    private final String xmlName;

    Firmware(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
