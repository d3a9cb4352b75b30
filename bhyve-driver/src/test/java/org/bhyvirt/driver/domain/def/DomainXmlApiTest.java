package org.bhyvirt.driver.domain.def;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Memory units, generated values, metadata updates and the live and secret-free XML views. */
class DomainXmlApiTest {

    private final DomainXmlParser parser = new DomainXmlParser(MacAddressGenerator.fixed("52:54:00:00:00:00"));
    private final DomainXmlFormatter formatter = new DomainXmlFormatter();

    /** libvirt's memory units and what one GiB-ish value becomes in KiB. */
    enum Unit {
        B("b", 1_073_741_824L, 1_048_576L),
        BYTES("bytes", 1_073_741_824L, 1_048_576L),
        KB("KB", 1_000_000L, 976_563L),
        K("k", 1_048_576L, 1_048_576L),
        KIB("KiB", 1_048_576L, 1_048_576L),
        MB("MB", 1_000L, 976_563L),
        M("M", 1_024L, 1_048_576L),
        MIB("MiB", 1_024L, 1_048_576L),
        GB("GB", 1L, 976_563L),
        G("G", 1L, 1_048_576L),
        GIB("GiB", 1L, 1_048_576L),
        TB("TB", 1L, 976_562_500L),
        T("T", 1L, 1_073_741_824L),
        TIB("TiB", 1L, 1_073_741_824L);

        final String unit;
        final long value;
        final long kib;

        Unit(String unit, long value, long kib) {
            this.unit = unit;
            this.value = value;
            this.kib = kib;
        }
    }

    @ParameterizedTest
    @EnumSource(Unit.class)
    void memoryUnitIsScaledToKibRoundingUp(Unit unit) {
        DomainDef def = parser.parse(DomainXmlTestData.withMemory(
                "<memory unit='" + unit.unit + "'>" + unit.value + "</memory>"));
        assertEquals(unit.kib, def.memoryKiB());
        assertEquals(unit.kib, def.currentMemoryKiB());
    }

    @Test
    void memoryWithoutUnitIsKib() {
        assertEquals(219_136, parser.parse(DomainXmlTestData.withMemory("<memory>219136</memory>")).memoryKiB());
        assertEquals(214, parser.parse(DomainXmlTestData.withMemory("<memory>219136</memory>")).memoryMiB());
    }

    @Test
    void missingUuidIsGeneratedAndRandomMacsAreLibvirtStyle() {
        DomainXmlParser random = new DomainXmlParser();
        String xml = DomainXmlTestData.domain("g", null, "<memory>1024</memory>",
                "<interface type='bridge'><source bridge='b0'/></interface>");
        DomainDef a = random.parse(xml);
        DomainDef b = random.parse(xml);
        assertNotEquals(a.uuid(), b.uuid());
        assertTrue(a.devices().interfaces().get(0).mac().matches("52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}"));
    }

    @Test
    void setMetadataPutsTheElementIntoTheNamespaceAndReplacesThePreviousOne() {
        DomainDef def = parser.parse(DomainXmlTestData.withName("meta"));
        MetadataEntry first = parser.metadataElement("<app><v>1</v></app>", "my", "urn:my");
        MetadataEntry second = parser.metadataElement("<app><v>2</v></app>", "my", "urn:my");
        DomainDef updated = def.withMetadataEntry(first).withMetadataEntry(second);
        assertEquals(1, updated.metadata().size());
        String xml = formatter.formatInactive(updated);
        assertTrue(xml.contains("  <metadata>\n    <my:app xmlns:my=\"urn:my\">\n      <v>2</v>\n    </my:app>\n"
                + "  </metadata>\n"), xml);
        assertEquals(xml, formatter.formatInactive(parser.parse(xml)));
        assertTrue(updated.withoutMetadataEntry("urn:my").metadata().isEmpty());
    }

    @Test
    void titleAndDescriptionCopiesFormat() {
        DomainDef def = parser.parse(DomainXmlTestData.withName("t")).withTitle("T").withDescription("D");
        String xml = formatter.formatInactive(def);
        assertTrue(xml.contains("  <title>T</title>\n  <description>D</description>\n"), xml);
    }

    @Test
    void liveXmlCarriesTheIdAndSecretsCanBeOmitted() {
        DomainDef def = parser.parse(DomainXmlTestData.withDevices(
                "<graphics type='vnc' port='5901' passwd='pw'/>").replace("<type>hvm</type>",
                "<type>hvm</type><loader readonly='yes' type='pflash'>/fw.fd</loader>"));
        String live = formatter.formatLive(def, 7);
        assertTrue(live.startsWith("<domain type='bhyve' id='7'>\n"), live);
        assertTrue(live.contains("passwd='pw'"), live);
        assertFalse(formatter.formatLive(def, 7, DomainXmlFormatter.Secrets.OMIT).contains("passwd"));
        assertFalse(formatter.formatInactive(def, DomainXmlFormatter.Secrets.OMIT).contains("passwd"));
    }

    @Test
    void sataLayoutFollowsTheAhci32SlotCapability() {
        assertEquals(SataLayout.PORTS_32,
                ParseOptions.forCapabilityNames(java.util.Set.of("RTC_UTC", "AHCI32SLOT")).sataLayout());
        assertEquals(SataLayout.ONE_CONTROLLER_PER_DISK,
                ParseOptions.forCapabilityNames(java.util.Set.of("RTC_UTC")).sataLayout());
    }

    @Test
    void withMemoryKibSetsMemoryAndCurrentMemory() {
        DomainDef def = parser.parse(DomainXmlTestData.withName("m")).withMemoryKiB(2048);
        assertEquals(2048, def.memoryKiB());
        assertEquals(2048, def.currentMemoryKiB());
        DomainDefValidator.validate(def);
    }
}
