package org.bhyvirt.driver.domain.def;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every xml2xml case of libvirt's bhyve test data: the inactive XML bhyvirt formats equals
 * libvirt's output byte for byte, and parsing that output again formats identically.
 */
class LibvirtXml2XmlTest {

    private static final DomainXmlFormatter FORMATTER = new DomainXmlFormatter();

    static Stream<String> cases() throws IOException {
        Path dir = LibvirtCases.dir().resolve("xml2xml");
        if (!Files.isDirectory(dir)) {
            return Stream.of("(libvirt-bhyve-cases absent)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("bhyvexml2xmlout-") && n.endsWith(".xml"))
                    .map(n -> n.substring("bhyvexml2xmlout-".length(), n.length() - 4)).sorted().toList();
            return names.stream();
        }
    }

    private static DomainXmlParser parser(String name) {
        return new DomainXmlParser(MacAddressGenerator.fixed("52:54:00:00:00:00"),
                ParseOptions.DEFAULTS.withSataLayout(LibvirtCases.layoutOf(name)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inactiveXmlEqualsLibvirtsOutput(String name) {
        assumeTrue(LibvirtCases.present(), "libvirt-bhyve-cases folder absent");
        Path dir = LibvirtCases.dir();
        String input = LibvirtCases.read(dir.resolve("bhyvexml2argv-" + name + ".xml"));
        String expected = LibvirtCases.read(dir.resolve("xml2xml/bhyvexml2xmlout-" + name + ".xml"));
        assertEquals(expected, FORMATTER.formatInactive(parser(name).parse(input)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void formattedXmlParsesToTheSameDefinition(String name) {
        assumeTrue(LibvirtCases.present(), "libvirt-bhyve-cases folder absent");
        String input = LibvirtCases.read(LibvirtCases.dir().resolve("bhyvexml2argv-" + name + ".xml"));
        DomainDef first = parser(name).parse(input);
        String once = FORMATTER.formatInactive(first);
        DomainDef second = parser(name).parse(once);
        assertEquals(once, FORMATTER.formatInactive(second));
    }
}
