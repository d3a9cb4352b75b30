package org.bhyvirt.driver.domain;

import org.bhyvirt.driver.argv.BhyveCapabilities;
import org.bhyvirt.driver.argv.BhyveCapability;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.DomainXmlFormatter;
import org.bhyvirt.driver.domain.def.DomainXmlParser;
import org.bhyvirt.driver.domain.def.MacAddressGenerator;
import org.bhyvirt.driver.domain.def.MetadataEntry;
import org.bhyvirt.driver.domain.def.ParseOptions;
import org.bhyvirt.driver.domain.def.SataLayout;

/**
 * The {@link DomainXmlCodec} of a host: libvirt's parser and formatter, with the SATA layout the
 * host's bhyve implies (32 ports per AHCI controller with AHCI32SLOT, else one per disk) and
 * random MAC addresses. Thread-safe.
 */
public final class LibvirtXmlCodec implements DomainXmlCodec {

    private final DomainXmlParser parser;
    private final DomainXmlFormatter formatter = new DomainXmlFormatter();

    public LibvirtXmlCodec(BhyveCapabilities caps) {
        SataLayout layout = caps.has(BhyveCapability.AHCI32SLOT) ? SataLayout.PORTS_32 : SataLayout.ONE_CONTROLLER_PER_DISK;
        this.parser = new DomainXmlParser(MacAddressGenerator.random(), ParseOptions.DEFAULTS.withSataLayout(layout));
    }

    @Override
    public DomainDef parse(String xml) {
        return parser.parse(xml);
    }

    @Override
    public String formatInactive(DomainDef def) {
        return formatter.formatInactive(def);
    }

    @Override
    public String formatLive(DomainDef def, int id) {
        return formatter.formatLive(def, id);
    }

    @Override
    public String formatInactive(DomainDef def, DomainXmlFormatter.Secrets secrets) {
        return formatter.formatInactive(def, secrets);
    }

    @Override
    public String formatLive(DomainDef def, int id, DomainXmlFormatter.Secrets secrets) {
        return formatter.formatLive(def, id, secrets);
    }

    @Override
    public MetadataEntry metadataElement(String xml, String key, String uri) {
        return parser.metadataElement(xml, key, uri);
    }
}
