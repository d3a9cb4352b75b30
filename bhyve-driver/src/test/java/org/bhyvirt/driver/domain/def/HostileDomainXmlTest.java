package org.bhyvirt.driver.domain.def;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hostile and invalid domain XML is refused with libvirt's error numbers and clear messages. */
class HostileDomainXmlTest {

    private final DomainXmlParser parser = new DomainXmlParser(MacAddressGenerator.fixed("52:54:00:00:00:00"));

    private BhyveDriverException refused(String xml, VirErrorNumber number) {
        BhyveDriverException e = assertThrows(BhyveDriverException.class, () -> parser.parse(xml));
        assertEquals(number, e.number(), e.getMessage());
        return e;
    }

    @Test
    void malformedXmlIsAnXmlError() {
        BhyveDriverException e = refused("<domain type='bhyve'><name>x</name>", VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("malformed XML"), e.getMessage());
    }

    @Test
    void emptyDocumentIsAnXmlError() {
        refused("   ", VirErrorNumber.XML_ERROR);
    }

    @Test
    void externalEntityIsRefusedAndNeverRead() {
        String xml = "<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>\n"
                + "<domain type='bhyve'><name>&xxe;</name><memory>1024</memory><os><type>hvm</type></os></domain>";
        BhyveDriverException e = refused(xml, VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?>\n<!DOCTYPE lolz [\n<!ENTITY lol 'lol'>\n");
        sb.append("<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n");
        for (int i = 2; i <= 9; i++) {
            sb.append("<!ENTITY lol").append(i).append(" '");
            for (int j = 0; j < 10; j++) {
                sb.append("&lol").append(i - 1).append(';');
            }
            sb.append("'>\n");
        }
        sb.append("]>\n<domain type='bhyve'><name>&lol9;</name></domain>");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refused(sb.toString(), VirErrorNumber.XML_ERROR));
    }

    @Test
    void hundredMebibyteDocumentIsRefusedBeforeParsing() {
        String big = "<domain type='bhyve'>" + " ".repeat(100 * 1024 * 1024) + "</domain>";
        BhyveDriverException e = assertTimeoutPreemptively(Duration.ofMillis(500),
                () -> refused(big, VirErrorNumber.XML_ERROR));
        assertTrue(e.getMessage().contains("exceeds the limit"), e.getMessage());
    }

    @Test
    void deeplyNestedDocumentIsRefused() {
        String deep = "<domain type='bhyve'>" + "<metadata>".repeat(1) + "<a:x xmlns:a='urn:a'>".repeat(200)
                + "</a:x>".repeat(200) + "</metadata></domain>";
        BhyveDriverException e = refused(deep, VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
    }

    @Test
    void missingNameIsNoName() {
        refused(DomainXmlTestData.domain(null, null, "<memory>1024</memory>", ""), VirErrorNumber.NO_NAME);
    }

    /** Names libvirt refuses (or that could escape a state directory). */
    enum BadName {
        SLASH("a/b"),
        DOT("."),
        DOT_DOT(".."),
        TAB("a&#9;b"),
        NEWLINE("a&#10;b"),
        SIXTY_FIVE_CHARACTERS("x".repeat(65));

        final String xml;

        BadName(String xml) {
            this.xml = xml;
        }
    }

    @ParameterizedTest
    @EnumSource(BadName.class)
    void badNameIsRefusedNamingIt(BadName name) {
        BhyveDriverException e = refused(DomainXmlTestData.withName(name.xml), VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("name"), e.getMessage());
    }

    @Test
    void nameOfSixtyFourCharactersIsAccepted() {
        assertEquals(64, parser.parse(DomainXmlTestData.withName("n".repeat(64))).name().length());
    }

    @Test
    void nulCharacterInNameIsRefusedByTheValidator() {
        DomainDef ok = parser.parse(DomainXmlTestData.withName("good"));
        BhyveDriverException e = assertThrows(BhyveDriverException.class,
                () -> DomainDefValidator.validate(ok.withName("bad\0name")));
        assertEquals(VirErrorNumber.XML_ERROR, e.number());
        assertTrue(e.getMessage().contains("bad\\x00name"), e.getMessage());
    }

    /** UUIDs libvirt calls malformed. */
    enum BadUuid {
        TOO_SHORT("df3be7e7-a104-11e3-aeb0-50e5492bd3d"),
        TOO_LONG("df3be7e7-a104-11e3-aeb0-50e5492bd3dc0"),
        NOT_HEX("zf3be7e7-a104-11e3-aeb0-50e5492bd3dc"),
        GARBAGE("not a uuid");

        final String value;

        BadUuid(String value) {
            this.value = value;
        }
    }

    @ParameterizedTest
    @EnumSource(BadUuid.class)
    void malformedUuidIsRefused(BadUuid uuid) {
        BhyveDriverException e = refused(DomainXmlTestData.withUuid(uuid.value), VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("malformed uuid element"), e.getMessage());
    }

    @Test
    void uuidWithoutDashesIsAccepted() {
        assertEquals("df3be7e7-a104-11e3-aeb0-50e5492bd3dc",
                parser.parse(DomainXmlTestData.withUuid("df3be7e7a10411e3aeb050e5492bd3dc")).uuid().toString());
    }

    @Test
    void memoryOfZeroIsRefused() {
        BhyveDriverException e = refused(DomainXmlTestData.withMemory("<memory>0</memory>"), VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("Memory size must be specified"), e.getMessage());
    }

    @Test
    void unknownMemoryUnitIsAnInvalidArgument() {
        refused(DomainXmlTestData.withMemory("<memory unit='parsecs'>1</memory>"), VirErrorNumber.INVALID_ARG);
    }

    @Test
    void negativeMemoryIsRefused() {
        refused(DomainXmlTestData.withMemory("<memory>-5</memory>"), VirErrorNumber.XML_ERROR);
    }

    @Test
    void overflowingMemoryIsRefused() {
        refused(DomainXmlTestData.withMemory("<memory unit='EiB'>100000</memory>"), VirErrorNumber.XML_ERROR);
    }

    /** Device XML the bhyve driver does not support. */
    enum UnsupportedDevice {
        HOSTDEV("<hostdev mode='subsystem' type='pci'/>", "hostdev"),
        MEMBALLOON("<memballoon model='virtio'/>", "memballoon"),
        REDIRDEV("<redirdev bus='usb' type='spicevmc'/>", "redirdev"),
        SMARTCARD("<smartcard mode='passthrough' type='spicevmc'/>", "smartcard"),
        WATCHDOG("<watchdog model='i6300esb'/>", "watchdog"),
        TPM("<tpm model='tpm-tis'/>", "tpm"),
        IDE_DISK("<disk type='file'><source file='/x'/><target dev='hda' bus='ide'/></disk>", "ide"),
        SCSI_DISK("<disk type='file'><source file='/x'/><target dev='sda' bus='scsi'/></disk>", "scsi"),
        USB_DISK("<disk type='file'><source file='/x'/><target dev='sda' bus='usb'/></disk>", "usb"),
        DISK_WITHOUT_BUS_ON_HD("<disk type='file'><source file='/x'/><target dev='hda'/></disk>", "ide"),
        ETHERNET_INTERFACE("<interface type='ethernet'/>", "ethernet"),
        DIRECT_INTERFACE("<interface type='direct'><source dev='em0' mode='bridge'/></interface>", "direct"),
        PTY_SERIAL("<serial type='pty'/>", "pty"),
        SPICE_GRAPHICS("<graphics type='spice'/>", "spice"),
        DISK_IOTUNE("<disk type='file'><source file='/x'/><target dev='vda' bus='virtio'/><iotune/></disk>",
                "iotune");

        final String xml;
        final String named;

        UnsupportedDevice(String xml, String named) {
            this.xml = xml;
            this.named = named;
        }
    }

    @ParameterizedTest
    @EnumSource(UnsupportedDevice.class)
    void unsupportedDeviceIsRefusedNamingIt(UnsupportedDevice device) {
        BhyveDriverException e = refused(DomainXmlTestData.withDevices(device.xml), VirErrorNumber.CONFIG_UNSUPPORTED);
        assertTrue(e.getMessage().contains(device.named), e.getMessage());
    }

    @Test
    void unsupportedTopLevelElementIsRefusedNamingIt() {
        String xml = DomainXmlTestData.withDevices("").replace("<vcpu>", "<cputune/><vcpu>");
        BhyveDriverException e = refused(xml, VirErrorNumber.CONFIG_UNSUPPORTED);
        assertTrue(e.getMessage().contains("cputune"), e.getMessage());
    }

    @Test
    void otherDomainTypeIsRefused() {
        refused(DomainXmlTestData.withDevices("").replace("type='bhyve'", "type='kvm'"),
                VirErrorNumber.CONFIG_UNSUPPORTED);
    }

    @Test
    void otherOsTypeIsAnOsTypeError() {
        refused(DomainXmlTestData.withDevices("").replace(">hvm<", ">xen<"), VirErrorNumber.OS_TYPE);
    }

    @Test
    void wrongRootElementIsRefused() {
        refused("<network><name>x</name></network>", VirErrorNumber.XML_ERROR);
    }

    @Test
    void badMacIsAnInvalidArgument() {
        refused(DomainXmlTestData.withDevices(
                "<interface type='bridge'><mac address='52:54:00:zz:00:01'/><source bridge='b0'/></interface>"),
                VirErrorNumber.INVALID_ARG);
    }

    @Test
    void multicastMacIsRefused() {
        refused(DomainXmlTestData.withDevices(
                "<interface type='bridge'><mac address='01:54:00:00:00:01'/><source bridge='b0'/></interface>"),
                VirErrorNumber.XML_ERROR);
    }

    @Test
    void topologyThatDoesNotMatchVcpusIsRefused() {
        String xml = DomainXmlTestData.withDevices("").replace("<os>",
                "<cpu><topology sockets='1' cores='4' threads='1'/></cpu><os>");
        BhyveDriverException e = refused(xml, VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("topology"), e.getMessage());
    }

    @Test
    void duplicateDiskTargetsAreRefused() {
        String disks = "<disk type='file'><source file='/a'/><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='file'><source file='/b'/><target dev='vda' bus='virtio'/></disk>";
        BhyveDriverException e = refused(DomainXmlTestData.withDevices(disks), VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("target 'vda' duplicated"), e.getMessage());
    }

    @Test
    void duplicateDriveAddressesAreRefused() {
        String disks = "<disk type='file'><source file='/a'/><target dev='hda' bus='sata'/>"
                + "<address type='drive' controller='0' bus='0' target='0' unit='1'/></disk>"
                + "<disk type='file'><source file='/b'/><target dev='hdb' bus='sata'/></disk>";
        refused(DomainXmlTestData.withDevices(disks), VirErrorNumber.XML_ERROR);
    }

    @Test
    void nvmeDiskNextToSataDiskIsAcceptedForTheirDriveAddressesNameDifferentControllers() {
        String disks = "<disk type='file'><source file='/a'/><target dev='hda' bus='sata'/></disk>"
                + "<disk type='file'><source file='/b'/><target dev='nvme0n1' bus='nvme'/></disk>";
        DomainDef def = parser.parse(DomainXmlTestData.withDevices(disks));
        assertEquals(def.devices().disks().get(0).address(), def.devices().disks().get(1).address());
    }

    @Test
    void duplicateNvmeDriveAddressesAreRefused() {
        String disks = "<disk type='file'><source file='/a'/><target dev='nvme0n1' bus='nvme'/></disk>"
                + "<disk type='file'><source file='/b'/><target dev='nvme1n1' bus='nvme'/>"
                + "<address type='drive' controller='0' bus='0' target='0' unit='0'/></disk>";
        BhyveDriverException e = refused(DomainXmlTestData.withDevices(disks), VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("Found duplicate drive address for disk with target name 'nvme1n1'"),
                e.getMessage());
    }

    @Test
    void twoIsaControllersAreRefused() {
        refused(DomainXmlTestData.withDevices("<controller type='isa' index='0'/><controller type='isa' index='0'/>"),
                VirErrorNumber.XML_ERROR);
    }

    @Test
    void isaControllerWithIndexOneIsUnsupported() {
        refused(DomainXmlTestData.withDevices("<controller type='isa' index='1'/>"),
                VirErrorNumber.CONFIG_UNSUPPORTED);
    }

    @Test
    void twoDevicesOnOnePciSlotAreRefused() {
        String devs = "<disk type='file'><source file='/a'/><target dev='vda' bus='virtio'/>"
                + "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></disk>"
                + "<interface type='bridge'><source bridge='b0'/>"
                + "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></interface>";
        BhyveDriverException e = refused(DomainXmlTestData.withDevices(devs), VirErrorNumber.XML_ERROR);
        assertTrue(e.getMessage().contains("double use"), e.getMessage());
    }

    @Test
    void perDeviceBootOrderWithOsBootIsRefused() {
        String xml = DomainXmlTestData.withDevices(
                "<disk type='file'><source file='/a'/><target dev='vda' bus='virtio'/><boot order='1'/></disk>")
                .replace("<type>hvm</type>", "<type>hvm</type><boot dev='hd'/>");
        refused(xml, VirErrorNumber.XML_ERROR);
    }

    @Test
    void sataDiskWithPciAddressIsRefused() {
        refused(DomainXmlTestData.withDevices("<disk type='file'><source file='/a'/><target dev='hda' bus='sata'/>"
                + "<address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/></disk>"),
                VirErrorNumber.CONFIG_UNSUPPORTED);
    }

    @Test
    void rngWithOtherSourceIsRefused() {
        refused(DomainXmlTestData.withDevices(
                "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>"),
                VirErrorNumber.CONFIG_UNSUPPORTED);
    }
}
