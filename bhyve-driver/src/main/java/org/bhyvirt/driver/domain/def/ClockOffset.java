package org.bhyvirt.driver.domain.def;

/** The guest RTC's offset ({@code <clock offset>}); libvirt's default is utc. bhyve can run utc (with -u) or localtime. */
public enum ClockOffset implements XmlNamed {
    UTC("utc"),
    LOCALTIME("localtime");

    private final String xmlName;

    ClockOffset(String xmlName) {
        this.xmlName = xmlName;
    }

    @Override
    public String xmlName() {
        return xmlName;
    }
}
