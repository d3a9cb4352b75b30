package org.bhyvirt.driver.domain.def;

/** The {@code model} of a {@code <sound>}: ich7 becomes bhyve's hda. */
public enum SoundModel implements XmlNamed {
    ICH7("ich7");

    private final String xmlName;

    SoundModel(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
