package org.bhyvirt.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.bhyvirt.driver.domain.state.DomainState;
import org.junit.jupiter.api.Test;

class DomainCountsTest {

    @Test
    void everyStateIsCountedAndAbsentOnesAreZero() {
        Map<DomainState, Long> counts = DomainCounts.byState(
                List.of(DomainState.RUNNING, DomainState.SHUTOFF, DomainState.RUNNING, DomainState.PAUSED));
        assertEquals(DomainState.values().length, counts.size());
        assertEquals(2L, counts.get(DomainState.RUNNING));
        assertEquals(1L, counts.get(DomainState.PAUSED));
        assertEquals(1L, counts.get(DomainState.SHUTOFF));
        assertEquals(0L, counts.get(DomainState.CRASHED));
    }
}
