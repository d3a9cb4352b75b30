package org.bhyvirt.driver.domain.def;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * bhyvirt's own golden files (src/test/resources/domain-def/golden), one per libvirt defaulting
 * rule: NAME.in.xml parsed and formatted inactive equals NAME.out.xml, and the output is a fixed
 * point of parse and format.
 */
class GoldenDomainXmlTest {

    /** One golden case per rule, with the SATA layout it runs with. */
    enum Rule {
        IMPLICIT_DEFAULTS("implicit-defaults"),
        MEMORY_UNITS("memory-units"),
        CURRENT_MEMORY_CLAMPED("current-memory-clamped"),
        ISA_FOR_UEFI_LOADER("isa-for-uefi-loader"),
        ISA_FOR_FIRMWARE_EFI("isa-for-firmware-efi"),
        SERIAL_NMDM_DEFAULTS("serial-nmdm-defaults"),
        CONSOLE_CREATES_SERIAL("console-creates-serial"),
        GRAPHICS_DEFAULT_VIDEO("graphics-default-video"),
        VIDEO_DEFAULT_MODEL("video-default-model"),
        SATA_32_PORTS("sata-32-ports"),
        SATA_ONE_CONTROLLER_PER_DISK("sata-one-controller-per-disk", SataLayout.ONE_CONTROLLER_PER_DISK),
        GENERATED_MAC("generated-mac"),
        PCI_SLOT_ORDER("pci-slot-order"),
        LPC_MOVES_WHEN_SLOT_1_IS_TAKEN("lpc-moves-when-slot-1-is-taken"),
        DEVICE_BOOT_ORDER_NO_BOOT_DEV("device-boot-order-no-boot-dev"),
        BOOTLOADER_NO_BOOT_DEV("bootloader-no-boot-dev"),
        METADATA_TITLE_COMMANDLINE("metadata-title-commandline"),
        FEATURES_AND_TOPOLOGY("features-and-topology");

        final String file;
        final SataLayout layout;

        Rule(String file) {
            this(file, SataLayout.PORTS_32);
        }

        Rule(String file, SataLayout layout) {
            this.file = file;
            this.layout = layout;
        }
    }

    private static final DomainXmlFormatter FORMATTER = new DomainXmlFormatter();

    static String resource(String name) {
        try (InputStream in = GoldenDomainXmlTest.class.getResourceAsStream("/domain-def/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainXmlParser parser(Rule rule) {
        return new DomainXmlParser(MacAddressGenerator.fixed("52:54:00:12:34:56"),
                ParseOptions.DEFAULTS.withSataLayout(rule.layout));
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void inactiveXmlAppliesTheRule(Rule rule) {
        String out = FORMATTER.formatInactive(parser(rule).parse(resource(rule.file + ".in.xml")));
        assertEquals(resource(rule.file + ".out.xml"), out);
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void expectedOutputIsAFixedPoint(Rule rule) {
        String expected = resource(rule.file + ".out.xml");
        assertEquals(expected, FORMATTER.formatInactive(parser(rule).parse(expected)));
    }
}
