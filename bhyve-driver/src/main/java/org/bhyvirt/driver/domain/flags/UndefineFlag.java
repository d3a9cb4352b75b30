package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainUndefineFlagsValues}. */
public enum UndefineFlag implements VirFlag {
    MANAGED_SAVE(1L << 0),
    SNAPSHOTS_METADATA(1L << 1),
    NVRAM(1L << 2),
    KEEP_NVRAM(1L << 3),
    CHECKPOINTS_METADATA(1L << 4),
    TPM(1L << 5),
    KEEP_TPM(1L << 6);

    private final long bit;

    UndefineFlag(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
