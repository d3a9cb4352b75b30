package org.bhyvirt.driver.domain.def;

import java.util.Collection;
import java.util.Objects;

/**
 * What the parser needs to know about the host: the SATA layout (from bhyve's AHCI32SLOT
 * capability) and the limits for hostile input.
 *
 * @param sataLayout    how implicit SATA drive addresses are assigned
 * @param maxXmlChars   the largest document accepted, in characters
 * @param maxDepth      the deepest element nesting accepted
 */
public record ParseOptions(SataLayout sataLayout, int maxXmlChars, int maxDepth) {

    /** 1 MiB, the default size limit. */
    public static final int DEFAULT_MAX_XML_CHARS = 1 << 20;

    /** The default nesting limit. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /** 32 SATA ports per controller and the default limits. */
    public static final ParseOptions DEFAULTS = new ParseOptions(SataLayout.PORTS_32, DEFAULT_MAX_XML_CHARS,
            DEFAULT_MAX_DEPTH);

    public ParseOptions {
        Objects.requireNonNull(sataLayout, "sataLayout");
        if (maxXmlChars <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * The default limits and the SATA layout of a host whose bhyve capabilities are named
     * {@code capabilityNames} (libvirt's names without the BHYVE_CAP_ prefix, e.g. {@code AHCI32SLOT}).
     */
    public static ParseOptions forCapabilityNames(Collection<String> capabilityNames) {
        return DEFAULTS.withSataLayout(capabilityNames.contains("AHCI32SLOT") ? SataLayout.PORTS_32
                : SataLayout.ONE_CONTROLLER_PER_DISK);
    }

    /** These options with {@code layout}. */
    public ParseOptions withSataLayout(SataLayout layout) {
        return new ParseOptions(layout, maxXmlChars, maxDepth);
    }

    /** These options with other limits. */
    public ParseOptions withLimits(int maxXmlChars, int maxDepth) {
        return new ParseOptions(sataLayout, maxXmlChars, maxDepth);
    }
}
