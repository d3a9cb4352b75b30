package org.bhyvirt.driver.domain.def;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * One foreign-namespace element below {@code <metadata>}, kept verbatim. {@code xml} is the
 * element serialized on its own (with its namespace declaration), exactly as libvirt prints it;
 * {@code namespaceUri} identifies it for the set-metadata and get-metadata calls (one element per
 * namespace URI).
 */
public record MetadataEntry(@NotBlank String namespaceUri, @NotNull String xml) {
}
