package org.bhyvirt.migration.managed;

import java.util.Objects;
import java.util.Optional;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.progress.MigrationProgress;

/**
 * How a {@link ManagedMigration} ended: completed (the guest runs on the destination, with its
 * downtime), or not (cancelled or failed, the error naming phase and state), where the guest runs
 * now, and the last progress report (null when perform never started).
 *
 * @param domain   the domain's name
 * @param location where the guest runs now
 * @param progress the last progress report, or null
 * @param downtime the downtime, present only for a completed migration
 * @param error    why it did not complete, absent for a completed one
 */
public record MigrationOutcome(String domain, GuestLocation location, MigrationProgress progress,
        Optional<Downtime> downtime, Optional<MigrationException> error) {
    public MigrationOutcome {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(downtime, "downtime");
        Objects.requireNonNull(error, "error");
        if (error.isPresent() == (location == GuestLocation.DESTINATION)) {
            throw new IllegalArgumentException("a migration completes (guest on the destination) exactly when it "
                    + "has no error: " + location + ", " + error);
        }
    }

    /** Whether the guest moved to the destination. */
    public boolean completed() {
        return location == GuestLocation.DESTINATION;
    }

    /** Whether the migration ended because it was cancelled (by the caller or by the policy's abort). */
    public boolean cancelled() {
        return error.map(e -> e.code() == MigrationException.Code.OPERATION_ABORTED).orElse(false);
    }
}
