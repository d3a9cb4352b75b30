package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainModificationImpact} (CURRENT is 0: neither bit). */
public enum ModificationImpact implements VirFlag {
    LIVE(1L << 0),
    CONFIG(1L << 1);

    private final long bit;

    ModificationImpact(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
