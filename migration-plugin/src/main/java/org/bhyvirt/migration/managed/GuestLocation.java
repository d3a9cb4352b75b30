package org.bhyvirt.migration.managed;

/** Where a migration left the guest running. */
public enum GuestLocation {
    /** On the source: the migration failed or was cancelled, the guest runs on. */
    SOURCE,
    /** On the destination: the migration completed. */
    DESTINATION,
    /** Nowhere: the source guest itself ended (destroyed or crashed) during the migration. */
    NONE
}
