package org.bhyvirt.driver.vmm;

/**
 * How a {@link VmmProvider} provides an incoming VM's memory. Pre-allocated memory is resident and
 * mapped when {@link VmmProvider#createIncoming} returns (as QEMU's {@code -mem-prealloc}, or bhyve's
 * wired memory), so a migration stream writes it without page faults; on-demand memory stays sparse,
 * so only pages that receive data are ever allocated (a mostly-zero guest stays small) at the price
 * of a fault per page received.
 */
public enum IncomingMemory {
    /** Pages are allocated when the first data for them arrives. */
    ON_DEMAND,
    /** Every page is allocated and mapped when the incoming VM is created. */
    PREALLOCATED
}
