package org.bhyvirt.plugin.migration;

/** Where a migration of the REST API stands; every status but RUNNING is final. */
public enum MigrationStatus {
    /** Begun and not ended. */
    RUNNING,
    /** The guest runs on the destination. */
    COMPLETED,
    /** It failed; the error says where and why, the guest runs on the source (or nowhere if it ended there). */
    FAILED,
    /** Cancelled (by a client or the plugin's shut-down) before it completed; the guest runs on the source. */
    CANCELLED;

    /** Whether nothing follows this status. */
    public boolean terminal() {
        return this != RUNNING;
    }

    /** The name of the SSE event announcing this final status: completed, failed or cancelled. */
    public String eventName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
