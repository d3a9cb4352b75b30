package org.bhyvirt.driver.domain.def;

/**
 * A disk's {@code <driver name='file' type='raw'/>}; both attributes are optional.
 */
public record DiskDriver(String name, String type) {
}
