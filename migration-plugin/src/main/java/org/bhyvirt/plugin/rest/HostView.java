package org.bhyvirt.plugin.rest;

import java.util.Objects;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * This host as {@code GET /host} shows it: its name, the plugin's version, which bhyve runs its
 * guests ({@code bhyve} or {@code bhyve-emulator}) and the node's CPUs and memory.
 */
@JsonbPropertyOrder({"hostName", "version", "hypervisor", "nodeInfo"})
public record HostView(String hostName, String version, String hypervisor, NodeInfoView nodeInfo) {
    public HostView {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(hypervisor, "hypervisor");
        Objects.requireNonNull(nodeInfo, "nodeInfo");
    }

    /** libvirt's node info: CPU model (architecture), memory in KiB, CPU count. */
    public record NodeInfoView(String model, long memoryKiB, int cpus) {
    }
}
