package org.bhyvirt.cli.rest;

/**
 * The contract's DomainSummary: a domain's name, uuid, id ({@code -1} when inactive), state and reason
 * (libvirt's names in any case, e.g. {@code running} / {@code booted}), persistence, vCPUs and memory.
 */
public record DomainSummary(String name, String uuid, int id, String state, String reason, boolean persistent,
                            int vcpus, long memoryKiB, long maxMemoryKiB) {

    /** Whether a guest runs for this domain (running or paused). */
    public boolean active() {
        return id >= 0 && !"SHUTOFF".equalsIgnoreCase(state);
    }
}
