package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A guest that ignores the ACPI power button: shutdown times out, destroy then stops it. */
class ShutdownTimeoutTest extends OnEmulatedHost.WithDriver {


    @BeforeEach
    void setUp() throws Exception {
        Path disk = host.guestImage("deaf.img", "--acpi", "ignore");
        driver.defineXML(EmulatedHost.domainXml("deaf", UUID.randomUUID(), 32, 1, disk), 0);
    }


    @Test
    void shutdownOfAGuestIgnoringAcpiTimesOutAndDestroyStopsIt() throws Exception {
        driver.start("deaf", 0);
        host.awaitGuestUp("deaf");
        BhyveDriverException e = assertThrows(BhyveDriverException.class,
                () -> driver.shutdownAndWait("deaf", Duration.ofMillis(1500)));
        assertEquals(VirErrorNumber.OPERATION_TIMEOUT, e.number());
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), driver.getState("deaf"));
        driver.destroy("deaf", 0);
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_DESTROYED), driver.getState("deaf"));
    }
}
