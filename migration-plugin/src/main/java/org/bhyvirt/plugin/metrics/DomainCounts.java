package org.bhyvirt.plugin.metrics;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

import org.bhyvirt.driver.domain.state.DomainState;

/** Domains counted by state: every state present, zero when no domain is in it. A pure function. */
public final class DomainCounts {

    private DomainCounts() {
    }

    public static Map<DomainState, Long> byState(Collection<DomainState> states) {
        Map<DomainState, Long> counts = new EnumMap<>(DomainState.class);
        for (DomainState s : DomainState.values()) {
            counts.put(s, 0L);
        }
        for (DomainState s : states) {
            counts.merge(s, 1L, Long::sum);
        }
        return counts;
    }
}
