package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainDefineFlags}. */
public enum DefineFlag implements VirFlag {
    VALIDATE(1L << 0);

    private final long bit;

    DefineFlag(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
