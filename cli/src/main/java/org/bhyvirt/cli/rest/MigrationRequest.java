package org.bhyvirt.cli.rest;

import java.util.Objects;

/**
 * The body of {@code POST /migrations}: the domain, the destination host's base URL (e.g.
 * {@code http://127.0.0.1:8181/bhyvirt}), the kind ({@code LIVE}, {@code WARM}, {@code COLD}, {@code NATIVE})
 * and the options; an option left {@code null} is not sent, so the host's configured default applies.
 */
public record MigrationRequest(String domain, String destination, String kind, Long downtimeLimitMs,
                               Long bandwidthMiBs, Integer channels, Long timeoutSeconds, Boolean autoConverge) {

    public MigrationRequest {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(kind, "kind");
    }

    /** A live migration with the host's defaults. */
    public static MigrationRequest live(String domain, String destination) {
        return new MigrationRequest(domain, destination, "LIVE", null, null, null, null, null);
    }
}
