package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.domain.store.BrokenDefinition;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hostile input at the driver: conflicts, bad names, oversized guests, a corrupted store. */
class HostileInputTest extends OnEmulatedHost.WithDriver {

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.idleDisk();
    }


    private String xml(String name, UUID uuid) {
        return EmulatedHost.domainXml(name, uuid, 32, 1, disk);
    }

    @Test
    void aTakenNameWithAnotherUuidIsRefusedNamingTheExistingUuid() {
        UUID first = UUID.randomUUID();
        driver.defineXML(xml("dup", first), 0);
        BhyveDriverException e = assertThrows(BhyveDriverException.class,
                () -> driver.defineXML(xml("dup", UUID.randomUUID()), 0));
        assertEquals(VirErrorNumber.OPERATION_FAILED, e.number());
        assertEquals("domain 'dup' already exists with uuid " + first, e.getMessage());
        BhyveDriverException created = assertThrows(BhyveDriverException.class,
                () -> driver.createXML(xml("dup", UUID.randomUUID()), 0));
        assertEquals(VirErrorNumber.OPERATION_FAILED, created.number());
    }

    @Test
    void aTakenUuidUnderAnotherNameIsRefused() {
        UUID uuid = UUID.randomUUID();
        driver.defineXML(xml("one", uuid), 0);
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.defineXML(xml("two", uuid), 0));
        assertEquals(VirErrorNumber.OPERATION_FAILED, e.number());
        assertEquals("domain 'one' is already defined with uuid " + uuid, e.getMessage());
        assertEquals(1, driver.listAllDomains(0).size());
    }

    @Test
    void racingDefinitionsOfOneNameLeaveExactlyOneDomain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    try {
                        driver.defineXML(xml("race", UUID.randomUUID()), 0);
                        return true;
                    } catch (BhyveDriverException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int ok = 0;
            for (Future<Boolean> f : fs) {
                ok += f.get() ? 1 : 0;
            }
            assertEquals(1, ok);
            assertEquals(1, driver.listAllDomains(0).size());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Names that must never become files. */
    enum BadName {
        PARENT(".."), DOT("."), SLASH("a/b"), TRAVERSAL("../../etc/evil"), CONTROL("x\u0007y"),
        TOO_LONG("n".repeat(65));

        final String name;

        BadName(String name) {
            this.name = name;
        }
    }

    @ParameterizedTest
    @EnumSource(BadName.class)
    void aNameThatCouldEscapeTheStateDirectoryIsRefused(BadName bad) throws Exception {
        String escaped = bad.name.replace("\u0007", "&#7;");
        assertThrows(BhyveDriverException.class, () -> driver.defineXML(xml(escaped, UUID.randomUUID()), 0));
        assertTrue(driver.listAllDomains(0).isEmpty());
        try (var files = Files.list(host.config.definitionsDir())) {
            assertEquals(0, files.count());
        }
        assertFalse(Files.exists(host.stateDir.resolve("etc")));
    }

    @Test
    void memoryBeyondTheHostIsRefused() {
        long hostMiB = driver.nodeInfo().memoryKiB() / 1024;
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.defineXML(
                EmulatedHost.domainXml("big", UUID.randomUUID(), hostMiB + 1024, 1, disk), 0));
        assertEquals(VirErrorNumber.CONFIG_UNSUPPORTED, e.number());
        assertTrue(e.getMessage().contains("MiB of memory"), e.getMessage());
    }

    @Test
    void vcpusBeyondTheHostAreRefused() {
        int cpus = driver.nodeInfo().cpus();
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.defineXML(
                EmulatedHost.domainXml("wide", UUID.randomUUID(), 32, cpus + 1, disk), 0));
        assertEquals(VirErrorNumber.CONFIG_UNSUPPORTED, e.number());
        assertTrue(e.getMessage().contains("vCPUs"), e.getMessage());
    }

    @Test
    void malformedXmlIsAnXmlError() {
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.defineXML("<domain", 0));
        assertEquals(VirErrorNumber.XML_ERROR, e.number());
    }

    @Test
    void unknownFlagsAreAnInvalidArgument() {
        driver.defineXML(xml("flags", UUID.randomUUID()), 0);
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.start("flags", 1L << 20));
        assertEquals(VirErrorNumber.INVALID_ARG, e.number());
        assertEquals("virDomainCreateWithFlags: unsupported flags (0x100000)", e.getMessage());
        assertEquals("invalid argument: virDomainCreateWithFlags: unsupported flags (0x100000)", e.libvirtMessage());
    }

    @Test
    void anUnknownDomainIsNotFoundByName() {
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.getState("nope"));
        assertEquals(VirErrorNumber.NO_DOMAIN, e.number());
        assertEquals("Domain not found: no domain with matching name 'nope'", e.getMessage());
        assertEquals("Domain not found: no domain with matching name 'nope'", e.libvirtMessage());
    }

    @Test
    void aCorruptedDefinitionFileIsReportedAndTheOthersLoad() throws Exception {
        driver.defineXML(xml("good", UUID.randomUUID()), 0);
        driver.defineXML(xml("bad", UUID.randomUUID()), 0);
        driver.close();
        Path bad = host.config.definitionsDir().resolve("bad.xml");
        Files.writeString(bad, "<domain type='bhyve'><name>bad</na");

        DomainDriver reopened = host.open();
        assertEquals(List.of("good"), reopened.listAllDomains(0).stream().map(DomainRef::name).toList());
        List<BrokenDefinition> broken = reopened.brokenDefinitions();
        assertEquals(1, broken.size());
        assertEquals(bad, broken.get(0).file());
        assertTrue(Files.exists(bad), "the broken file is left for repair");
        reopened.start("good", 0);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), reopened.getState("good"));
    }

    @Test
    void aDomainWithInterfacesIsRefusedOnAHostWithoutIfconfig() throws Exception {
        try (EmulatedHost bare = new EmulatedHost(c -> c.withIfconfig(java.util.Optional.empty()))) {
            DomainDriver d = bare.open();
            String withNic = xml("nic", UUID.randomUUID()).replace("  </devices>",
                    "    <interface type='bridge'><source bridge='bridge0'/><model type='virtio'/></interface>\n  </devices>");
            d.defineXML(withNic, 0);
            BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> d.start("nic", 0));
            assertEquals(VirErrorNumber.CONFIG_UNSUPPORTED, e.number());
            assertTrue(e.getMessage().contains("ifconfig"), e.getMessage());
            assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_UNKNOWN), d.getState("nic"));
            assertFalse(Files.exists(bare.emuDir.resolve("vmm/nic")));
        }
    }

    @Test
    void aSecondDriverOnTheSameStateDirectoryIsRefused() {
        BhyveDriverException e = assertThrows(BhyveDriverException.class, host::open);
        assertEquals(VirErrorNumber.OPERATION_FAILED, e.number());
        assertTrue(e.getMessage().contains("in use by another open driver"), e.getMessage());
    }

    @Test
    void aDriverThatFailsToOpenReleasesTheStateDirectory() throws Exception {
        try (EmulatedHost other = new EmulatedHost()) {
            Path blocker = other.config.logDir();
            Files.writeString(blocker, "a file where the log directory belongs");
            BhyveDriverException e = assertThrows(BhyveDriverException.class, other::open);
            assertEquals(VirErrorNumber.OPERATION_FAILED, e.number());
            assertTrue(e.getMessage().contains("cannot create the state directory"), e.getMessage());
            Files.delete(blocker);
            assertTrue(other.open().listAllDomains(0).isEmpty(), "the failed open left the state directory free");
        }
    }
}
