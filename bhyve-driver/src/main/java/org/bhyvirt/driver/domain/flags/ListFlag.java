package org.bhyvirt.driver.domain.flags;

/** libvirt's {@code virConnectListAllDomainsFlags}: filters of listAllDomains. Within a group (active/inactive, persistent/transient, state, managed save, autostart, snapshot, checkpoint) a domain matches if it matches any set flag of the group; a group with no flag set does not filter. */
public enum ListFlag implements VirFlag {
    ACTIVE(1L << 0),
    INACTIVE(1L << 1),
    PERSISTENT(1L << 2),
    TRANSIENT(1L << 3),
    RUNNING(1L << 4),
    PAUSED(1L << 5),
    SHUTOFF(1L << 6),
    OTHER(1L << 7),
    MANAGEDSAVE(1L << 8),
    NO_MANAGEDSAVE(1L << 9),
    AUTOSTART(1L << 10),
    NO_AUTOSTART(1L << 11),
    HAS_SNAPSHOT(1L << 12),
    NO_SNAPSHOT(1L << 13),
    HAS_CHECKPOINT(1L << 14),
    NO_CHECKPOINT(1L << 15);

    private final long bit;

    ListFlag(long bit) {
        this.bit = bit;
    }

    @Override
    public long bit() {
        return bit;
    }
}
