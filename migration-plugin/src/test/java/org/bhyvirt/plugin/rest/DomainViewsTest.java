package org.bhyvirt.plugin.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

import org.bhyvirt.driver.argv.BhyveCapabilities;
import org.bhyvirt.driver.argv.BhyveCapability;
import org.bhyvirt.driver.argv.GrubCapability;
import org.bhyvirt.driver.domain.DomainInfo;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.domain.HostCapabilities;
import org.bhyvirt.driver.domain.flags.ListFlag;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.domain.state.DomainStatus;
import org.bhyvirt.driver.host.NodeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DomainViewsTest {

    private static final UUID ID = UUID.fromString("c7a5fdbd-cdaf-9455-926a-d65c16db1809");

    @Test
    void aRunningDomainsSummaryCarriesItsPidStateAndMemory() {
        DomainSummary s = DomainViews.summary(new DomainRef("vm1", ID, 4242),
                new DomainInfo(DomainState.RUNNING, 262144, 131072, 2, 5_000_000),
                DomainStatus.of(DomainStateReason.RUNNING_BOOTED), true);
        assertEquals(new DomainSummary("vm1", ID.toString(), 4242, "running", "booted", true, 2, 131072, 262144), s);
    }

    @Test
    void anInactiveTransientDomainHasNoId() {
        DomainSummary s = DomainViews.summary(new DomainRef("t", ID, -1),
                new DomainInfo(DomainState.SHUTOFF, 1024, 1024, 1, 0),
                DomainStatus.of(DomainStateReason.SHUTOFF_DESTROYED), false);
        assertEquals(-1, s.id());
        assertEquals("shutoff", s.state());
        assertEquals("destroyed", s.reason());
        assertEquals(false, s.persistent());
    }

    @ParameterizedTest
    @EnumSource(DomainStateReason.class)
    void everyReasonIsNamedWithoutItsStatePrefix(DomainStateReason reason) {
        String name = DomainViews.reasonName(reason);
        assertEquals(reason.name().toLowerCase(), DomainViews.stateName(reason.state()) + "_" + name);
    }

    @Test
    void aStoppedTransientDomainKeepsItsLastFactsShutOff() {
        DomainSummary last = new DomainSummary("t", ID.toString(), 77, "running", "booted", false, 1, 1024, 1024);
        assertEquals(new DomainSummary("t", ID.toString(), -1, "shutoff", "saved", false, 1, 1024, 1024),
                DomainViews.stopped(last, DomainStateReason.SHUTOFF_SAVED));
    }

    @ParameterizedTest(name = "state={0} persistent={1}")
    @CsvSource(nullValues = "-", value = {
        "-,-,0", "running,-,16", "paused,-,32", "shutoff,-,64", "-,true,4", "-,false,8", "paused,false,40",
    })
    void queryParametersBecomeListFlags(String state, String persistent, long flags) {
        assertEquals(flags, DomainViews.listFlags(Optional.ofNullable(state), Optional.ofNullable(persistent)));
    }

    @Test
    void theStateFlagsAreLibvirts() {
        assertEquals(ListFlag.RUNNING.bit() | ListFlag.TRANSIENT.bit(),
                DomainViews.listFlags(Optional.of("running"), Optional.of("false")));
    }

    @Test
    void anUnvalidatedFilterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DomainViews.listFlags(Optional.of("crashed"), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> DomainViews.listFlags(Optional.empty(), Optional.of("yes")));
    }

    @Test
    void theHostViewNamesItsHypervisor() {
        NodeInfo node = new NodeInfo("amd64", 16_000_000, 8);
        assertEquals(new HostView("a", "1.0", "bhyve-emulator", new HostView.NodeInfoView("amd64", 16_000_000, 8)),
                DomainViews.host("a", "1.0", true, node));
        assertEquals("bhyve", DomainViews.host("a", "1.0", false, node).hypervisor());
    }

    @Test
    void capabilitiesListFeatureNamesSorted() {
        HostCapabilities caps = new HostCapabilities("a", new NodeInfo("amd64", 1024, 2), new BhyveCapabilities(
                EnumSet.of(BhyveCapability.XHCI, BhyveCapability.AHCI32SLOT), EnumSet.noneOf(GrubCapability.class),
                Path.of("/usr/local/share/uefi-firmware")));
        CapabilitiesView v = DomainViews.capabilities(caps);
        assertEquals(java.util.List.of("AHCI32SLOT", "XHCI"), v.bhyve());
        assertEquals(java.util.List.of(), v.grub());
        assertEquals("/usr/local/share/uefi-firmware", v.firmwareDir());
    }
}
