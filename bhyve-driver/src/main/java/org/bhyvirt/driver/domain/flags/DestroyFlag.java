package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainDestroyFlagsValues}. */
public enum DestroyFlag implements VirFlag {
    GRACEFUL(1L << 0),
    REMOVE_LOGS(1L << 1);

    private final long bit;

    DestroyFlag(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
