package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the driver makes of each way an emulated guest can end by itself. */
class GuestExitTest extends OnEmulatedHost.WithDriver {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Guest-initiated exits: the ctl command, the state the domain ends in, the STOPPED detail. */
    enum GuestAction {
        POWEROFF("poweroff", DomainStateReason.SHUTOFF_SHUTDOWN, LifecycleEventDetail.STOPPED_SHUTDOWN),
        HALT("halt", DomainStateReason.SHUTOFF_SHUTDOWN, LifecycleEventDetail.STOPPED_SHUTDOWN),
        TRIPLE_FAULT("triple-fault", DomainStateReason.SHUTOFF_CRASHED, LifecycleEventDetail.STOPPED_CRASHED),
        ERROR("error", DomainStateReason.SHUTOFF_CRASHED, LifecycleEventDetail.STOPPED_CRASHED);

        final String command;
        final DomainStateReason reason;
        final LifecycleEventDetail event;

        GuestAction(String command, DomainStateReason reason, LifecycleEventDetail event) {
            this.command = command;
            this.reason = reason;
            this.event = event;
        }
    }

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.guestImage("guest.img", "--working-set", "10%", "--write-rate", "1MiB/s");
        driver.defineXML(EmulatedHost.domainXml("g", UUID.randomUUID(), 32, 1, disk), 0);
    }


    @ParameterizedTest
    @EnumSource(GuestAction.class)
    void guestInitiatedExitEndsInItsStateWithBhyveDestroyed(GuestAction action) throws Exception {
        driver.start("g", 0);
        host.awaitGuestUp("g");
        host.ctl("g", action.command);
        host.events.await("g", action.event, WAIT);
        assertEquals(DomainStatus.of(action.reason), driver.getState("g"));
        assertFalse(Files.exists(host.emuDir.resolve("vmm/g")), "bhyvectl --destroy ran after the exit");
        assertEquals(List.of(LifecycleEventDetail.DEFINED_ADDED, LifecycleEventDetail.STARTED_BOOTED, action.event),
                host.events.details("g"));
        driver.start("g", 0);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), driver.getState("g"));
    }

    /** Named so the parameterized reboot test reads as a claim. */
    enum RebootBy { GUEST, DRIVER }

    @ParameterizedTest
    @EnumSource(RebootBy.class)
    void rebootRestartsTheGuestWithANewBootId(RebootBy by) throws Exception {
        driver.start("g", 0);
        String boot1 = EmulatedHost.field(host.awaitGuestUp("g"), "bootId");
        if (by == RebootBy.GUEST) {
            host.ctl("g", "reboot");
        } else {
            driver.reboot("g", 0);
        }
        host.events.await("g", LifecycleEventDetail.STARTED_BOOTED, 2, WAIT);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), driver.getState("g"));
        String boot2 = EmulatedHost.field(host.awaitGuestUp("g"), "bootId");
        assertNotEquals(boot1, boot2);
        assertEquals(List.of(LifecycleEventDetail.DEFINED_ADDED, LifecycleEventDetail.STARTED_BOOTED,
                LifecycleEventDetail.STOPPED_SHUTDOWN, LifecycleEventDetail.STARTED_BOOTED), host.events.details("g"));
    }
}
