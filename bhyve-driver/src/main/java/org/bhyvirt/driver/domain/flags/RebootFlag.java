package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virDomainRebootFlagValues}; bhyve supports only the ACPI power button. */
public enum RebootFlag implements VirFlag {
    ACPI_POWER_BTN(1L << 0),
    GUEST_AGENT(1L << 1),
    INITCTL(1L << 2),
    SIGNAL(1L << 3),
    PARAVIRT(1L << 4);

    private final long bit;

    RebootFlag(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
