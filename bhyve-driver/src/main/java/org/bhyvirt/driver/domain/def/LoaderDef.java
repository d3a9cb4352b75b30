package org.bhyvirt.driver.domain.def;

/**
 * The {@code <loader>} of {@code <os>}: a firmware image (bhyve's {@code -l bootrom,PATH}).
 * After parsing, a loader with a path has a type (rom when none was given, as libvirt does).
 *
 * @param path     the firmware file, null for an empty loader used with firmware autoselection
 * @param readonly the readonly attribute, null when absent
 * @param secure   the secure attribute, null when absent
 * @param type     rom or pflash, null only when there is no path
 */
public record LoaderDef(String path, YesNo readonly, YesNo secure, LoaderType type) {
}
