package org.bhyvirt.driver.domain;

import org.bhyvirt.driver.domain.def.DomainDef;

/**
 * How the driver reads and writes libvirt domain XML: parse (with libvirt's defaults and
 * validation; refusals are {@link org.bhyvirt.driver.error.BhyveDriverException}s with libvirt's
 * numbers), the inactive format (what is stored and what {@code getXMLDesc(INACTIVE)} returns),
 * and the live format carrying the domain id. Implementations are pure and thread-safe.
 */
public interface DomainXmlCodec {

    DomainDef parse(String xml);

    String formatInactive(DomainDef def);

    String formatLive(DomainDef def, int id);
}
