package org.bhyvirt.plugin.rest;

import java.util.Objects;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * One domain as the REST API shows it: name, UUID, id (bhyve's pid while active, -1 otherwise),
 * state and reason (libvirt's names in lower case: {@code running}/{@code booted}), whether it is
 * persistent (defined) or transient, vCPUs, current and maximum memory in KiB. An immutable snapshot.
 */
@JsonbPropertyOrder({"name", "uuid", "id", "state", "reason", "persistent", "vcpus", "memoryKiB", "maxMemoryKiB"})
public record DomainSummary(String name, String uuid, int id, String state, String reason, boolean persistent,
                            int vcpus, long memoryKiB, long maxMemoryKiB) {
    public DomainSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
