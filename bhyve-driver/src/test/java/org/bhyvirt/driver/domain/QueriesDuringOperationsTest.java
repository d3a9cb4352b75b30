package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bhyvirt.driver.domain.flags.Flags;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read-only queries answer while an operation holds a domain, as libvirt's do while a job
 * runs: the operation here is a suspend whose event publisher is held up, so it keeps the
 * domain's lock for as long as the test wants.
 */
class QueriesDuringOperationsTest extends OnEmulatedHost {

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.idleDisk();
    }

    @Test
    void lookupsStateInfoAndListAnswerWhileAnOperationHoldsTheDomain() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DomainDriver driver = host.open(e -> {
            if (e.detail() == LifecycleEventDetail.SUSPENDED_PAUSED) {
                publishing.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Thread suspender = new Thread(() -> driver.suspend("busy"));
        try {
            UUID uuid = UUID.randomUUID();
            driver.defineXML(EmulatedHost.domainXml("busy", uuid, 32, 1, disk), 0);
            DomainRef ref = driver.start("busy", 0);
            suspender.start();
            assertTrue(publishing.await(30, TimeUnit.SECONDS), "the suspend reached its event");

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                assertEquals(DomainStatus.of(DomainStateReason.PAUSED_USER), driver.getState("busy"));
                assertEquals(ref, driver.lookupByName("busy"));
                assertEquals(ref, driver.lookupByUuid(uuid));
                assertEquals(ref, driver.lookupById(ref.id()));
                assertEquals(DomainState.PAUSED, driver.getInfo("busy").state());
                assertEquals(List.of(ref), driver.listAllDomains(Flags.of(ListFlag.PAUSED)));
            }, "queries waited for the operation that holds the domain");
        } finally {
            release.countDown();
            suspender.join(30_000);
            if (driver.getState("busy").isActive()) {
                driver.destroy("busy", 0);
            }
            driver.close();
        }
    }
}
