package org.bhyvirt.plugin.migration;

import java.util.Objects;

/**
 * One event of a migration's stream: {@code phase} (a phase began), {@code progress} (a round
 * ended), then exactly one of {@code completed}, {@code failed}, {@code cancelled}, each carrying the
 * migration's snapshot at that moment.
 *
 * @param name      the event's name
 * @param migration the migration at that moment
 */
public record MigrationEvent(String name, MigrationView migration) {
    /** The name of a phase event. */
    public static final String PHASE = "phase";
    /** The name of a progress event. */
    public static final String PROGRESS = "progress";

    public MigrationEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(migration, "migration");
    }

    /** Whether this is the stream's last event. */
    public boolean terminal() {
        return !name.equals(PHASE) && !name.equals(PROGRESS);
    }
}
