package org.bhyvirt.cli.rest;

import java.util.Optional;

/**
 * The contract's Migration document: which domain goes from which host to which, the kind, the
 * current phase and status ({@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, in any case),
 * the latest progress, and the result once completed or the error once failed.
 */
public record Migration(String id, String domain, String source, String destination, String kind, String phase,
                        String status, MigrationProgress progress, Optional<MigrationResult> result,
                        Optional<MigrationError> error) {

    /** Whether the migration has ended (any status but RUNNING). */
    public boolean ended() {
        return !"RUNNING".equalsIgnoreCase(status);
    }

    /** Whether it ended with the guest running on the destination. */
    public boolean completed() {
        return "COMPLETED".equalsIgnoreCase(status);
    }
}
