package org.bhyvirt.driver.domain.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.driver.event.LifecycleEventType;
import org.junit.jupiter.api.Test;

/** The wire numbers are libvirt's: spot checks against virDomainState and the event enums. */
class LibvirtNumbersTest {

    @Test
    void domainStatesHaveLibvirtsNumbers() {
        assertEquals(0, DomainState.NOSTATE.code());
        assertEquals(1, DomainState.RUNNING.code());
        assertEquals(3, DomainState.PAUSED.code());
        assertEquals(5, DomainState.SHUTOFF.code());
        assertEquals(7, DomainState.PMSUSPENDED.code());
    }

    @Test
    void shutoffReasonsHaveLibvirtsNumbers() {
        assertEquals(0, DomainStateReason.SHUTOFF_UNKNOWN.code());
        assertEquals(2, DomainStateReason.SHUTOFF_DESTROYED.code());
        assertEquals(3, DomainStateReason.SHUTOFF_CRASHED.code());
        assertEquals(5, DomainStateReason.SHUTOFF_SAVED.code());
        assertEquals(8, DomainStateReason.SHUTOFF_DAEMON.code());
        assertEquals(1, DomainStateReason.PAUSED_USER.code());
        assertEquals(5, DomainStateReason.RUNNING_UNPAUSED.code());
        assertEquals(14, DomainStateReason.PAUSED_API_ERROR.code());
    }

    @Test
    void eventTypesAndDetailsHaveLibvirtsNumbers() {
        assertEquals(5, LifecycleEventType.STOPPED.code());
        assertEquals(8, LifecycleEventType.CRASHED.code());
        assertEquals(2, LifecycleEventDetail.STOPPED_CRASHED.code());
        assertEquals(4, LifecycleEventDetail.STOPPED_SAVED.code());
        assertEquals(2, LifecycleEventDetail.STARTED_RESTORED.code());
        assertEquals(7, LifecycleEventDetail.SUSPENDED_POSTCOPY.code());
    }

    @Test
    void numbersAreUniqueWithinEachStateAndEachEventType() {
        Set<String> seen = new HashSet<>();
        Arrays.stream(DomainStateReason.values()).forEach(r -> assertEquals(true, seen.add("state " + r.state() + "/" + r.code()), r.name()));
        Arrays.stream(LifecycleEventDetail.values()).forEach(d -> assertEquals(true, seen.add("event " + d.type() + "/" + d.code()), d.name()));
    }
}
