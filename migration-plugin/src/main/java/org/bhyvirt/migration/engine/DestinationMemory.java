package org.bhyvirt.migration.engine;

/**
 * How a destination provides the incoming VM's memory. Pre-allocating makes every page resident and
 * mapped at prepare (before the stream starts, as QEMU's {@code -mem-prealloc}), so pages arrive
 * without page faults; on demand leaves the memory sparse, so only pages that carry data are ever
 * allocated (a mostly-zero guest stays small) at the price of a fault per page received.
 */
public enum DestinationMemory {
    /** Pages are allocated when the first data for them arrives. */
    ON_DEMAND,
    /** Every page is allocated and mapped at prepare. */
    PREALLOCATED
}
