package org.bhyvirt.driver.domain;

import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.DomainXmlFormatter;
import org.bhyvirt.driver.domain.def.MetadataEntry;

/**
 * How the driver reads and writes libvirt domain XML: parse (with libvirt's defaults and
 * validation; refusals are {@link org.bhyvirt.driver.error.BhyveDriverException}s with libvirt's
 * numbers), the inactive format (what is stored and what {@code getXMLDesc(INACTIVE)} returns),
 * the live format carrying the domain id, and the metadata element of a set-metadata call.
 * Implementations are pure and thread-safe.
 */
public interface DomainXmlCodec {

    DomainDef parse(String xml);

    /** The inactive XML with secrets: what is stored. */
    String formatInactive(DomainDef def);

    /** The live XML with secrets: what is stored for a running domain. */
    String formatLive(DomainDef def, int id);

    /** The inactive XML as a caller sees it: secrets only with VIR_DOMAIN_XML_SECURE. */
    String formatInactive(DomainDef def, DomainXmlFormatter.Secrets secrets);

    /** The live XML as a caller sees it: secrets only with VIR_DOMAIN_XML_SECURE. */
    String formatLive(DomainDef def, int id, DomainXmlFormatter.Secrets secrets);

    /** The fragment's root element put into namespace {@code uri} with prefix {@code key}. */
    MetadataEntry metadataElement(String xml, String key, String uri);
}
