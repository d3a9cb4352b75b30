package org.bhyvirt.driver.domain;

import java.util.UUID;

/**
 * What libvirt's virDomainPtr carries: name, UUID and id (bhyve's pid while active, -1 while
 * inactive). A snapshot value; immutable.
 */
public record DomainRef(String name, UUID uuid, int id) {
}
