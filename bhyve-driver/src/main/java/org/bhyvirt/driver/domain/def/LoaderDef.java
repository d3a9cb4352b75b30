package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.NotBlank;

/**
 * The {@code <loader>} of {@code <os>}: a firmware image (bhyve's {@code -l bootrom,PATH}).
 * After parsing, a loader with a path has a type (rom when none was given, as libvirt does).
 *
 * @param path     the firmware file
 * @param readonly the readonly attribute, null when absent
 * @param secure   the secure attribute, null when absent
 * @param type     rom or pflash, null only when there is no path
 */
public record LoaderDef(@NotBlank String path, YesNo readonly, YesNo secure, LoaderType type) {
}
