package org.bhyvirt.driver.argv;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.DomainXmlParser;
import org.bhyvirt.driver.domain.def.MacAddressGenerator;
import org.bhyvirt.driver.domain.def.ParseOptions;

/** Parses test domain XML with a fixed generated MAC address. */
final class TestDomains {

    private static final DomainXmlParser PARSER = new DomainXmlParser(MacAddressGenerator.fixed("52:54:00:00:00:00"));

    private TestDomains() {
    }

    static DomainDef parse(String xml, ParseOptions options) {
        return PARSER.parse(xml, options);
    }

    static DomainDef parse(String xml) {
        return PARSER.parse(xml, ParseOptions.DEFAULTS);
    }
}
