package org.bhyvirt.plugin.migration;

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

    /** {@code migration} ended (its status is final). */
    default void ended(MigrationView migration) {
    }
}
