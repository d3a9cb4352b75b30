package org.bhyvirt.driver.domain.def;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases.tsv runs of libvirt's bhyve test data: a PARSE_ERROR case is refused by the parser,
 * an OK case parses (with that run's SATA layout).
 */
class LibvirtParseCasesTest {

    static Stream<LibvirtCases.Row> parseErrorRows() {
        return rowsOrPlaceholder("PARSE_ERROR");
    }

    static Stream<LibvirtCases.Row> okRows() {
        return rowsOrPlaceholder("OK");
    }

    private static Stream<LibvirtCases.Row> rowsOrPlaceholder(String expect) {
        if (!LibvirtCases.present()) {
            return Stream.of(new LibvirtCases.Row("(absent)", expect, java.util.List.of()));
        }
        return LibvirtCases.rows().stream().filter(r -> r.expect().equals(expect));
    }

    private static String xml(LibvirtCases.Row row) {
        return LibvirtCases.read(LibvirtCases.dir().resolve("bhyvexml2argv-" + row.name() + ".xml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseErrorRows")
    void parseErrorCaseIsRefusedByTheParser(LibvirtCases.Row row) {
        assumeTrue(LibvirtCases.present(), "libvirt-bhyve-cases folder absent");
        DomainXmlParser parser = new DomainXmlParser(MacAddressGenerator.fixed("52:54:00:00:00:00"),
                ParseOptions.DEFAULTS.withSataLayout(row.sataLayout()));
        assertThrows(BhyveDriverException.class, () -> parser.parse(xml(row)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("okRows")
    void okCaseParses(LibvirtCases.Row row) {
        assumeTrue(LibvirtCases.present(), "libvirt-bhyve-cases folder absent");
        DomainXmlParser parser = new DomainXmlParser(MacAddressGenerator.fixed("52:54:00:00:00:00"),
                ParseOptions.DEFAULTS.withSataLayout(row.sataLayout()));
        assertDoesNotThrow(() -> parser.parse(xml(row)));
    }
}
