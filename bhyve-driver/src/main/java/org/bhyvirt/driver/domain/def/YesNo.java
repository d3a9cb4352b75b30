package org.bhyvirt.driver.domain.def;

/** A libvirt yes/no attribute that is formatted only when it was given (null means absent). */
public enum YesNo implements XmlNamed {
    YES("yes"),
    NO("no");

    private final String xmlName;

    YesNo(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
