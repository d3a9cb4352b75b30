package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.bhyvirt.driver.domain.flags.Flags;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 50 domains through their whole lifecycle, each phase run by several threads at once. */
class ConcurrencyTest extends OnEmulatedHost.WithDriver {

    private static final int DOMAINS = 50;
    private static final int THREADS = 8;

    private ExecutorService pool;

    @BeforeEach
    void setUp() throws Exception {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private void inParallel(List<String> names, Consumer<String> op) throws Exception {
        List<Future<?>> fs = new ArrayList<>();
        for (String n : names) {
            fs.add(pool.submit(() -> op.accept(n)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }

    private void assertAll(List<String> names, DomainStateReason reason) {
        for (String n : names) {
            assertEquals(DomainStatus.of(reason), driver.getState(n), n);
        }
    }

    @Test
    void fiftyDomainsRunTheirLifecycleConcurrentlyWithoutLosingOrDuplicatingAny() throws Exception {
        long t0 = System.nanoTime();
        Path disk = host.stateDir.resolve("idle.img");
        Files.write(disk, new byte[4096]);
        List<String> names = IntStream.range(0, DOMAINS).mapToObj(i -> "c" + i).toList();

        inParallel(names, n -> driver.defineXML(EmulatedHost.domainXml(n, UUID.randomUUID(), 32, 1, disk), 0));
        List<DomainRef> listed = driver.listAllDomains(0);
        assertEquals(new HashSet<>(names), new HashSet<>(listed.stream().map(DomainRef::name).toList()));
        assertEquals(DOMAINS, listed.size());
        assertEquals(DOMAINS, new HashSet<>(listed.stream().map(DomainRef::uuid).toList()).size());
        try (var files = Files.list(host.config.definitionsDir())) {
            assertEquals(DOMAINS, files.count());
        }

        inParallel(names, n -> driver.start(n, 0));
        assertAll(names, DomainStateReason.RUNNING_BOOTED);
        assertEquals(DOMAINS, driver.listAllDomains(Flags.of(ListFlag.ACTIVE)).size());
        assertEquals(DOMAINS, new HashSet<>(driver.listAllDomains(0).stream().map(DomainRef::id).toList()).size());

        inParallel(names, driver::suspend);
        assertAll(names, DomainStateReason.PAUSED_USER);
        assertEquals(DOMAINS, driver.listAllDomains(Flags.of(ListFlag.PAUSED)).size());

        inParallel(names, driver::resume);
        assertAll(names, DomainStateReason.RUNNING_UNPAUSED);

        inParallel(names, n -> driver.destroy(n, 0));
        assertAll(names, DomainStateReason.SHUTOFF_DESTROYED);
        try (var vms = Files.list(host.emuDir.resolve("vmm"))) {
            assertEquals(0, vms.count(), "every VM destroyed");
        }

        inParallel(names, n -> driver.undefine(n, 0));
        assertTrue(driver.listAllDomains(0).isEmpty());
        try (var files = Files.list(host.config.definitionsDir())) {
            assertEquals(0, files.count());
        }
        for (String n : names) {
            assertEquals(List.of(LifecycleEventDetail.DEFINED_ADDED, LifecycleEventDetail.STARTED_BOOTED,
                    LifecycleEventDetail.SUSPENDED_PAUSED, LifecycleEventDetail.RESUMED_UNPAUSED,
                    LifecycleEventDetail.STOPPED_DESTROYED, LifecycleEventDetail.UNDEFINED_REMOVED),
                    host.events.details(n), n);
        }
        System.out.printf("ConcurrencyTest: %d domains, %d threads, %d ms%n", DOMAINS, THREADS,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    @Test
    void racingOperationsOnOneDomainAreSerializedAndLeaveAConsistentState() throws Exception {
        Path disk = host.stateDir.resolve("idle.img");
        Files.write(disk, new byte[4096]);
        driver.defineXML(EmulatedHost.domainXml("hot", UUID.randomUUID(), 32, 1, disk), 0);
        driver.start("hot", 0);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int op = i % 4;
            fs.add(pool.submit(() -> {
                try {
                    switch (op) {
                        case 0 -> driver.suspend("hot");
                        case 1 -> driver.resume("hot");
                        case 2 -> driver.getInfo("hot");
                        default -> driver.listAllDomains(0);
                    }
                } catch (org.bhyvirt.driver.error.BhyveDriverException e) {
                    throw new AssertionError("no operation may fail while the domain runs", e);
                }
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        DomainStatus s = driver.getState("hot");
        assertTrue(s.equals(DomainStatus.of(DomainStateReason.PAUSED_USER))
                || s.equals(DomainStatus.of(DomainStateReason.RUNNING_UNPAUSED)), s.toString());
        List<LifecycleEventDetail> events = host.events.details("hot");
        for (int i = 3; i < events.size(); i++) {
            assertTrue(events.get(i) != events.get(i - 1), "suspend and resume events alternate: " + events);
        }
        driver.destroy("hot", 0);
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_DESTROYED), driver.getState("hot"));
    }
}
