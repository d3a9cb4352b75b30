package org.bhyvirt.driver.cli;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.DomainXmlFormatter;
import org.bhyvirt.driver.domain.def.DomainXmlParser;
import org.bhyvirt.driver.domain.def.MacAddressGenerator;
import org.bhyvirt.driver.domain.def.ParseOptions;

/**
 * The domain XML parser and formatter the command-line tools use: parsing applies libvirt's
 * defaults (addresses, implicit devices) and refuses what libvirt refuses with a
 * {@link org.bhyvirt.driver.error.BhyveDriverException}; formatting gives the inactive XML
 * {@code virsh dumpxml --inactive} prints.
 */
interface DomainXmlCodec {

    DomainDef parse(String xml, ParseOptions options);

    String formatInactive(DomainDef def);

    /**
     * The project's parser and formatter, with libvirt's test-harness MAC address
     * {@code 52:54:00:00:00:00} for interfaces that have none (so generated output is reproducible).
     */
    static DomainXmlCodec standard() {
        DomainXmlParser parser = new DomainXmlParser(MacAddressGenerator.fixed(HARNESS_MAC));
        DomainXmlFormatter formatter = new DomainXmlFormatter();
        return new DomainXmlCodec() {
            @Override
            public DomainDef parse(String xml, ParseOptions options) {
                return parser.parse(xml, options);
            }

            @Override
            public String formatInactive(DomainDef def) {
                return formatter.formatInactive(def);
            }
        };
    }

    /** The MAC address libvirt's test harness generates. */
    String HARNESS_MAC = "52:54:00:00:00:00";
}
