package org.bhyvirt.migration.protocol;

/** Which way a frame travels: every frame type declares the directions it may take. */
public enum Direction {
    /** From the source host (the client that connects) to the destination. */
    SOURCE_TO_DESTINATION,
    /** From the destination host back to the source. */
    DESTINATION_TO_SOURCE
}
