package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainSaveRestoreFlags}. */
public enum SaveRestoreFlag implements VirFlag {
    BYPASS_CACHE(1L << 0),
    RUNNING(1L << 1),
    PAUSED(1L << 2),
    RESET_NVRAM(1L << 3);

    private final long bit;

    SaveRestoreFlag(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
