package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bhyvirt.driver.domain.flags.Flags;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.state.DomainState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ListFilterTest {

    private static final ListFilter.Facts RUNNING_PERSISTENT = new ListFilter.Facts(DomainState.RUNNING, true, false, true);
    private static final ListFilter.Facts SAVED_OFF = new ListFilter.Facts(DomainState.SHUTOFF, true, true, false);
    private static final ListFilter.Facts TRANSIENT_PAUSED = new ListFilter.Facts(DomainState.PAUSED, false, false, false);
    private static final ListFilter.Facts CRASHED = new ListFilter.Facts(DomainState.CRASHED, true, false, false);

    /** A filter and which of the four sample domains it keeps. */
    enum Case {
        NO_FILTER(0, true, true, true, true),
        ACTIVE(Flags.of(ListFlag.ACTIVE), true, false, true, false),
        INACTIVE(Flags.of(ListFlag.INACTIVE), false, true, false, true),
        BOTH_OF_A_GROUP(Flags.of(ListFlag.ACTIVE, ListFlag.INACTIVE), true, true, true, true),
        TRANSIENT(Flags.of(ListFlag.TRANSIENT), false, false, true, false),
        OTHER_STATE(Flags.of(ListFlag.OTHER), false, false, false, true),
        MANAGEDSAVE(Flags.of(ListFlag.MANAGEDSAVE), false, true, false, false),
        NO_AUTOSTART_AND_PERSISTENT(Flags.of(ListFlag.NO_AUTOSTART, ListFlag.PERSISTENT), false, true, false, true),
        HAS_SNAPSHOT(Flags.of(ListFlag.HAS_SNAPSHOT), false, false, false, false),
        NO_CHECKPOINT(Flags.of(ListFlag.NO_CHECKPOINT), true, true, true, true);

        final long flags;
        final boolean[] keeps;

        Case(long flags, boolean... keeps) {
            this.flags = flags;
            this.keeps = keeps;
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void filterKeepsExactlyTheMatchingDomains(Case c) {
        ListFilter.Facts[] all = {RUNNING_PERSISTENT, SAVED_OFF, TRANSIENT_PAUSED, CRASHED};
        for (int i = 0; i < all.length; i++) {
            assertEquals(c.keeps[i], ListFilter.matches(c.flags, all[i]), c + " on " + all[i]);
        }
    }
}
