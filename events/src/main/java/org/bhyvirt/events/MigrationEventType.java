package org.bhyvirt.events;

import java.util.Locale;

/**
 * What happened to a migration, in the order a scheduler sees it: STARTED once, PROGRESS after each
 * pre-copy round, SWITCHOVER when the guest pauses for the last copy, then exactly one of
 * COMPLETED, FAILED or CANCELLED. Each has its own CloudEvent type {@code org.bhyvirt.migration.NAME}.
 */
public enum MigrationEventType {
    STARTED, PROGRESS, SWITCHOVER, COMPLETED, FAILED, CANCELLED;

    /** The CloudEvent {@code type}, e.g. {@code org.bhyvirt.migration.progress}. */
    public String cloudEventType() {
        return "org.bhyvirt.migration." + name().toLowerCase(Locale.ROOT);
    }

    /** Whether nothing follows this event in its migration. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
