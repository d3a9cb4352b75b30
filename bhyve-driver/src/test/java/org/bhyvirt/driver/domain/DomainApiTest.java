package org.bhyvirt.driver.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.bhyvirt.driver.domain.flags.CreateFlag;
import org.bhyvirt.driver.domain.flags.Flags;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.flags.MetadataType;
import org.bhyvirt.driver.domain.flags.ModificationImpact;
import org.bhyvirt.driver.domain.flags.XmlFlag;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query and configuration calls: lists, lookups, info, XML, autostart, metadata, transient domains. */
class DomainApiTest extends OnEmulatedHost.WithDriver {

    private Path disk;

    @BeforeEach
    void setUp() throws Exception {
        disk = host.idleDisk();
    }


    private DomainRef define(String name) {
        return driver.defineXML(EmulatedHost.domainXml(name, UUID.randomUUID(), 48, 1, disk), 0);
    }

    private List<String> names(long flags) {
        return driver.listAllDomains(flags).stream().map(DomainRef::name).toList();
    }

    @Test
    void listFiltersSelectByActivityPersistenceStateAndAutostart() throws Exception {
        define("off");
        define("run");
        define("paused");
        driver.start("run", 0);
        driver.start("paused", Flags.of(CreateFlag.START_PAUSED));
        driver.createXML(EmulatedHost.domainXml("temp", UUID.randomUUID(), 32, 1, disk), 0);
        driver.setAutostart("off", true);

        assertEquals(List.of("off", "paused", "run", "temp"), names(0));
        assertEquals(List.of("paused", "run", "temp"), names(Flags.of(ListFlag.ACTIVE)));
        assertEquals(List.of("off"), names(Flags.of(ListFlag.INACTIVE)));
        assertEquals(List.of("temp"), names(Flags.of(ListFlag.TRANSIENT)));
        assertEquals(List.of("off", "paused", "run"), names(Flags.of(ListFlag.PERSISTENT)));
        assertEquals(List.of("run", "temp"), names(Flags.of(ListFlag.RUNNING)));
        assertEquals(List.of("paused"), names(Flags.of(ListFlag.PAUSED)));
        assertEquals(List.of("off", "paused"), names(Flags.of(ListFlag.PAUSED, ListFlag.SHUTOFF)));
        assertEquals(List.of("off"), names(Flags.of(ListFlag.AUTOSTART)));
        assertEquals(List.of("paused", "run"), names(Flags.of(ListFlag.PERSISTENT, ListFlag.ACTIVE)));
        assertEquals(List.of(), names(Flags.of(ListFlag.HAS_SNAPSHOT)));
        assertEquals(List.of(), names(Flags.of(ListFlag.OTHER)));
        assertEquals(4, names(Flags.of(ListFlag.NO_MANAGEDSAVE)).size());
    }

    @Test
    void lookupsFindTheSameDomainByNameUuidAndId() {
        DomainRef defined = define("look");
        DomainRef running = driver.start("look", 0);
        assertEquals(running, driver.lookupByName("look"));
        assertEquals(running, driver.lookupByUuid(defined.uuid()));
        assertEquals(running, driver.lookupById(running.id()));
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.lookupById(-1));
        assertEquals(VirErrorNumber.NO_DOMAIN, e.number());
        assertThrows(BhyveDriverException.class, () -> driver.lookupByUuid(UUID.randomUUID()));
    }

    @Test
    void infoReportsStateMemoryVcpusAndCpuTime() throws Exception {
        define("info");
        DomainInfo off = driver.getInfo("info");
        assertEquals(new DomainInfo(DomainState.SHUTOFF, 48 * 1024, 48 * 1024, 1, 0), off);
        driver.start("info", 0);
        host.awaitGuestUp("info");
        DomainInfo on = driver.getInfo("info");
        assertEquals(DomainState.RUNNING, on.state());
        assertTrue(on.cpuTimeNs() > 0, "bhyve has used CPU time");
    }

    @Test
    void liveXmlCarriesTheIdAndInactiveXmlDoesNot() {
        define("xml");
        assertFalse(driver.getXMLDesc("xml", 0).contains(" id="));
        DomainRef r = driver.start("xml", 0);
        assertTrue(driver.getXMLDesc("xml", 0).contains("id='" + r.id() + "'"));
        assertFalse(driver.getXMLDesc("xml", Flags.of(XmlFlag.INACTIVE)).contains(" id="));
    }

    @Test
    void theVncPasswordIsShownOnlyWithTheSecureFlagAndAlwaysStored() throws Exception {
        driver.defineXML(EmulatedHost.domainXml("vnc", UUID.randomUUID(), 32, 1, disk).replace("</devices>",
                "<graphics type='vnc' port='5904' passwd='s3cret'/></devices>"), 0);
        assertFalse(driver.getXMLDesc("vnc", 0).contains("s3cret"), driver.getXMLDesc("vnc", 0));
        assertFalse(driver.getXMLDesc("vnc", Flags.of(XmlFlag.INACTIVE)).contains("s3cret"));
        assertTrue(driver.getXMLDesc("vnc", Flags.of(XmlFlag.SECURE)).contains("passwd='s3cret'"));
        assertTrue(Files.readString(host.config.definitionsDir().resolve("vnc.xml")).contains("passwd='s3cret'"),
                "the stored definition keeps the password");
    }

    @Test
    void redefiningEmitsDefinedUpdatedAndKeepsTheRunningConfiguration() {
        DomainRef r = define("re");
        driver.start("re", 0);
        driver.defineXML(EmulatedHost.domainXml("re", r.uuid(), 64, 1, disk), 0);
        assertEquals(48 * 1024, driver.getInfo("re").maxMemKiB(), "the live definition runs on");
        assertTrue(driver.getXMLDesc("re", Flags.of(XmlFlag.INACTIVE)).contains("65536"));
        assertEquals(List.of(LifecycleEventDetail.DEFINED_ADDED, LifecycleEventDetail.STARTED_BOOTED,
                LifecycleEventDetail.DEFINED_UPDATED), host.events.details("re"));
    }

    @Test
    void aTransientDomainVanishesWhenItStopsAndCannotBeUndefinedOrAutostarted() {
        driver.createXML(EmulatedHost.domainXml("tr", UUID.randomUUID(), 32, 1, disk), 0);
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), driver.getState("tr"));
        assertEquals(VirErrorNumber.OPERATION_INVALID,
                assertThrows(BhyveDriverException.class, () -> driver.undefine("tr", 0)).number());
        assertEquals(VirErrorNumber.OPERATION_INVALID,
                assertThrows(BhyveDriverException.class, () -> driver.setAutostart("tr", true)).number());
        assertEquals(VirErrorNumber.OPERATION_INVALID,
                assertThrows(BhyveDriverException.class, () -> driver.managedSave("tr", 0)).number());
        driver.destroy("tr", 0);
        assertEquals(VirErrorNumber.NO_DOMAIN,
                assertThrows(BhyveDriverException.class, () -> driver.getState("tr")).number());
    }

    @Test
    void undefiningARunningDomainMakesItTransient() {
        define("ut");
        driver.start("ut", 0);
        driver.undefine("ut", 0);
        assertEquals(List.of("ut"), names(Flags.of(ListFlag.TRANSIENT)));
        assertFalse(Files.exists(host.config.definitionsDir().resolve("ut.xml")));
        driver.destroy("ut", 0);
        assertTrue(names(0).isEmpty());
    }

    @Test
    void autostartDomainsStartWhenTheDriverOpens() throws Exception {
        define("auto");
        define("manual");
        driver.setAutostart("auto", true);
        assertTrue(driver.getAutostart("auto"));
        assertFalse(driver.getAutostart("manual"));
        driver.close();
        DomainDriver reopened = host.open();
        assertEquals(DomainStatus.of(DomainStateReason.RUNNING_BOOTED), reopened.getState("auto"));
        assertEquals(DomainState.SHUTOFF, reopened.getState("manual").state());
        reopened.setAutostart("auto", false);
        assertFalse(Files.exists(host.config.autostartDir().resolve("auto")));
    }

    @Test
    void metadataIsSetAndReadForLiveAndConfig() {
        define("meta");
        driver.setMetadata("meta", MetadataType.TITLE, "A title", null, null, 0);
        driver.setMetadata("meta", MetadataType.DESCRIPTION, "Some words", null, null, 0);
        driver.setMetadata("meta", MetadataType.ELEMENT, "<app owner='me'/>", "app", "http://example.org/app", 0);
        assertEquals("A title", driver.getMetadata("meta", MetadataType.TITLE, null, 0));
        assertEquals("Some words", driver.getMetadata("meta", MetadataType.DESCRIPTION, null, 0));
        String element = driver.getMetadata("meta", MetadataType.ELEMENT, "http://example.org/app", 0);
        assertTrue(element.contains("app:app") && element.contains("owner=\"me\"") || element.contains("owner='me'"), element);
        assertTrue(driver.getXMLDesc("meta", 0).contains("<title>A title</title>"));

        driver.start("meta", 0);
        driver.setMetadata("meta", MetadataType.TITLE, "Live only", null, null, Flags.of(ModificationImpact.LIVE));
        assertEquals("Live only", driver.getMetadata("meta", MetadataType.TITLE, null, Flags.of(ModificationImpact.LIVE)));
        assertEquals("A title", driver.getMetadata("meta", MetadataType.TITLE, null, Flags.of(ModificationImpact.CONFIG)));

        driver.setMetadata("meta", MetadataType.DESCRIPTION, null, null, null, Flags.of(ModificationImpact.CONFIG));
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> driver.getMetadata("meta",
                MetadataType.DESCRIPTION, null, Flags.of(ModificationImpact.CONFIG)));
        assertEquals(VirErrorNumber.NO_DOMAIN_METADATA, e.number());
        assertEquals(VirErrorNumber.INVALID_ARG, assertThrows(BhyveDriverException.class, () -> driver.getMetadata(
                "meta", MetadataType.TITLE, null, Flags.of(ModificationImpact.LIVE, ModificationImpact.CONFIG))).number());
    }

    @Test
    void aGuestKilledBySomeoneElseCrashes() throws Exception {
        define("victim");
        DomainRef r = driver.start("victim", 0);
        host.awaitGuestUp("victim");
        ProcessHandle.of(r.id()).orElseThrow().destroyForcibly();
        host.events.await("victim", LifecycleEventDetail.STOPPED_CRASHED, Duration.ofSeconds(30));
        assertEquals(DomainStatus.of(DomainStateReason.SHUTOFF_CRASHED), driver.getState("victim"));
    }
}
