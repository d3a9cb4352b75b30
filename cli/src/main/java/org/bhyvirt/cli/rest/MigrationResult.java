package org.bhyvirt.cli.rest;

import java.util.Map;

/**
 * A completed migration's figures: total time, downtime (guest paused on the source until resumed on
 * the destination) with its breakdown by step as the host names them (milliseconds with fractions, in the
 * host's order), bytes sent and rounds.
 */
public record MigrationResult(long totalMs, double downtimeMs, Map<String, Double> downtimeBreakdownMs, long bytes, long rounds) {

    public MigrationResult {
        downtimeBreakdownMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(downtimeBreakdownMs));
    }
}
