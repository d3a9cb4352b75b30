package org.bhyvirt.plugin.migration;

import org.bhyvirt.migration.managed.MigrationOutcome;

/**
 * What the {@link MigrationRegistry} tells about every migration's start and end (the metrics
 * listen). Called on the migration's threads; must not block. Both do nothing by default.
 */
public interface MigrationObserver {
    /** Observes nothing. */
    MigrationObserver NONE = new MigrationObserver() { };

    /** {@code migration} was accepted and is about to run. */
    default void started(MigrationView migration) {
    }

    /**
     * {@code migration} ended (its status is final); {@code outcome} is how its run ended, or null
     * when it never ran (no thread was available).
     */
    default void ended(MigrationView migration, MigrationOutcome outcome) {
    }
}
