package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainCreateFlags} (start and createXML). */
public enum CreateFlag implements VirFlag {
    START_PAUSED(1L << 0),
    START_AUTODESTROY(1L << 1),
    START_BYPASS_CACHE(1L << 2),
    START_FORCE_BOOT(1L << 3),
    START_VALIDATE(1L << 4),
    START_RESET_NVRAM(1L << 5);

    private final long bit;

    CreateFlag(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
