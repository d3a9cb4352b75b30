package org.bhyvirt.migration.engine;

import java.nio.file.Path;
import java.util.Objects;
import org.bhyvirt.driver.domain.ColdMigrationSupport;

/**
 * The {@link Checkpointer} of a host run by a DomainDriver: its cold-migration calls, so the
 * domain's states and events follow the migration (PAUSED(MIGRATION) while checkpointed,
 * RUNNING(MIGRATION_CANCELED) when restored here, SHUTOFF(MIGRATED) when released).
 */
public final class DomainCheckpointer implements Checkpointer {
    private final ColdMigrationSupport driver;

    /** The checkpointer of the driver whose {@code coldMigration()} is {@code driver}. */
    public DomainCheckpointer(ColdMigrationSupport driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    @Override
    public void checkpoint(String name, Path file) {
        driver.checkpointOutgoing(name, file);
    }

    @Override
    public void restore(String name, Path file) {
        driver.restoreOutgoing(name, file);
    }

    @Override
    public void release(String name) {
        driver.confirmOutgoing(name);
    }
}
