package org.bhyvirt.migration.options;

/** How a guest moves: the engine's three managed kinds, or a patched bhyve's own migration. */
public enum MigrationKind {
    /** Checkpoint to files, transfer, restore: the guest is stopped for the whole move. */
    COLD,
    /** Pause, copy all memory and state once, resume on the destination. */
    WARM,
    /** Pre-copy rounds of dirty pages while the guest runs, then a short stop-and-copy. */
    LIVE,
    /** Supervise the UPB patch's {@code bhyve -R} / {@code bhyvectl --migrate-live}. */
    NATIVE
}
