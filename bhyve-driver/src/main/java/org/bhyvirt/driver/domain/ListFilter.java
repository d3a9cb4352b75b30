package org.bhyvirt.driver.domain;

import org.bhyvirt.driver.domain.flags.Flags;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.state.DomainState;

/**
 * libvirt's virConnectListAllDomains filter (virDomainObjMatchFilter) as a pure function of what
 * is known about one domain. Flags come in groups of alternatives; a group with no flag set does
 * not filter, a group with flags set keeps a domain that matches any of them. This driver has no
 * snapshots or checkpoints, so every domain matches NO_SNAPSHOT and NO_CHECKPOINT.
 */
public final class ListFilter {

    /** What the filter looks at. */
    public record Facts(DomainState state, boolean persistent, boolean managedSave, boolean autostart) {
    }

    private ListFilter() {
    }

    public static boolean matches(long flags, Facts f) {
        boolean active = f.state().isActive();
        return group(flags, ListFlag.ACTIVE, active, ListFlag.INACTIVE, !active)
                && group(flags, ListFlag.PERSISTENT, f.persistent(), ListFlag.TRANSIENT, !f.persistent())
                && stateGroup(flags, f.state())
                && group(flags, ListFlag.MANAGEDSAVE, f.managedSave(), ListFlag.NO_MANAGEDSAVE, !f.managedSave())
                && group(flags, ListFlag.AUTOSTART, f.autostart(), ListFlag.NO_AUTOSTART, !f.autostart())
                && group(flags, ListFlag.HAS_SNAPSHOT, false, ListFlag.NO_SNAPSHOT, true)
                && group(flags, ListFlag.HAS_CHECKPOINT, false, ListFlag.NO_CHECKPOINT, true);
    }

    private static boolean group(long flags, ListFlag a, boolean isA, ListFlag b, boolean isB) {
        if (!Flags.has(flags, a) && !Flags.has(flags, b)) {
            return true;
        }
        return (Flags.has(flags, a) && isA) || (Flags.has(flags, b) && isB);
    }

    private static boolean stateGroup(long flags, DomainState s) {
        boolean any = Flags.has(flags, ListFlag.RUNNING) || Flags.has(flags, ListFlag.PAUSED)
                || Flags.has(flags, ListFlag.SHUTOFF) || Flags.has(flags, ListFlag.OTHER);
        if (!any) {
            return true;
        }
        return (Flags.has(flags, ListFlag.RUNNING) && s == DomainState.RUNNING)
                || (Flags.has(flags, ListFlag.PAUSED) && s == DomainState.PAUSED)
                || (Flags.has(flags, ListFlag.SHUTOFF) && s == DomainState.SHUTOFF)
                || (Flags.has(flags, ListFlag.OTHER) && s != DomainState.RUNNING && s != DomainState.PAUSED
                    && s != DomainState.SHUTOFF);
    }
}
