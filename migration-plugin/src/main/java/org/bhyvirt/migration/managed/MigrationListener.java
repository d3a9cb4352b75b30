package org.bhyvirt.migration.managed;

import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.progress.MigrationProgress;

/**
 * What a {@link ManagedMigration} reports while it runs, on its own thread: each phase as it
 * starts, and the job progress after every round (libvirt's job-info figures). A listener that
 * throws does not fail the migration. Both methods do nothing by default.
 */
public interface MigrationListener {
    /** A listener that ignores everything. */
    MigrationListener NONE = new MigrationListener() { };

    /** {@code phase} starts. */
    default void phase(MigrationPhase phase) {
    }

    /** The progress after a round (and after the final one). */
    default void progress(MigrationProgress progress) {
    }
}
