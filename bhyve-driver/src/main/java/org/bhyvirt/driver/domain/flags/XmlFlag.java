package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainXMLFlags} for getXMLDesc. */
public enum XmlFlag implements VirFlag {
    SECURE(1L << 0),
    INACTIVE(1L << 1),
    UPDATE_CPU(1L << 2),
    MIGRATABLE(1L << 3);

    private final long bit;

    XmlFlag(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
