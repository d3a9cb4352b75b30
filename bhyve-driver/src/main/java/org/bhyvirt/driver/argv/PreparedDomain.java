package org.bhyvirt.driver.argv;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.bhyvirt.driver.domain.def.DomainDef;

/**
 * A domain definition after libvirt's prepare step ({@code bhyveProcessPrepareDomain}): with
 * {@code <os firmware=...>} its loader is the autoselected firmware (pflash, read-only).
 *
 * @param def      the definition the commands are built from
 * @param firmware the autoselected firmware, empty when no firmware autoselection was asked for
 */
public record PreparedDomain(DomainDef def, Optional<Path> firmware) {

    public PreparedDomain {
        Objects.requireNonNull(def, "def");
        Objects.requireNonNull(firmware, "firmware");
    }
}
