package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.event.LoggingEventPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A publisher that fails never fails a lifecycle call; the logging publisher works as a default. */
class EventPublisherFailureTest {

    private EmulatedHost host;
    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        host = new EmulatedHost();
        disk = host.stateDir.resolve("idle.img");
        Files.write(disk, new byte[4096]);
    }

    @AfterEach
    void tearDown() throws Exception {
        host.close();
    }

    @Test
    void aThrowingPublisherDoesNotFailDefineStartOrDestroy() {
        DomainDriver driver = new DomainDriver(host.config, e -> {
            throw new IllegalStateException("broker down");
        }, EmulatedHost.capabilities(host.bin, host.config.firmwareDir()),
                new LibvirtXmlCodec(EmulatedHost.capabilities(host.bin, host.config.firmwareDir())),
                (def, tapOf, map) -> org.bhyvirt.driver.argv.BhyveCommandBuilder.build(def,
                        EmulatedHost.capabilities(host.bin, host.config.firmwareDir()),
                        new org.bhyvirt.driver.argv.BuildContext(tapOf, map.toString(),
                                org.bhyvirt.driver.argv.BuildMode.START)));
        try {
            driver.defineXML(EmulatedHost.domainXml("quiet", UUID.randomUUID(), 32, 1, disk), 0);
            driver.start("quiet", 0);
            driver.destroy("quiet", 0);
            assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_DESTROYED), driver.getState("quiet"));
        } finally {
            driver.close();
        }
    }

    @Test
    void theLoggingPublisherServesAsTheDefault() {
        try (DomainDriver driver = DomainDriver.open(host.config, new LoggingEventPublisher(),
                EmulatedHost.capabilities(host.bin, host.config.firmwareDir()))) {
            driver.defineXML(EmulatedHost.domainXml("logged", UUID.randomUUID(), 32, 1, disk), 0);
            assertEquals(1, driver.listAllDomains(0).size());
        }
    }
}
