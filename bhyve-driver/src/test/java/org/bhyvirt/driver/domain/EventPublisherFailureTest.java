package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.UUID;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.event.LoggingEventPublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A publisher that fails never fails a lifecycle call; the logging publisher works as a default. */
class EventPublisherFailureTest extends OnEmulatedHost {

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.idleDisk();
    }

    @Test
    void aThrowingPublisherDoesNotFailDefineStartOrDestroy() {
        try (DomainDriver driver = host.open(e -> {
            throw new IllegalStateException("broker down");
        })) {
            driver.defineXML(EmulatedHost.domainXml("quiet", UUID.randomUUID(), 32, 1, disk), 0);
            driver.start("quiet", 0);
            driver.destroy("quiet", 0);
            assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_DESTROYED), driver.getState("quiet"));
        }
    }

    @Test
    void theLoggingPublisherServesAsTheDefault() {
        try (DomainDriver driver = host.open(new LoggingEventPublisher())) {
            driver.defineXML(EmulatedHost.domainXml("logged", UUID.randomUUID(), 32, 1, disk), 0);
            assertEquals(1, driver.listAllDomains(0).size());
        }
    }
}
