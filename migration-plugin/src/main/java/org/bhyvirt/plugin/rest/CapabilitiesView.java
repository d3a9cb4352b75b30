package org.bhyvirt.plugin.rest;

import java.util.List;
import java.util.Objects;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The host's capabilities as probed when its driver opened: node info, the features of its bhyve
 * and grub-bhyve (enum names, sorted) and the UEFI firmware directory.
 */
@JsonbPropertyOrder({"hostName", "node", "bhyve", "grub", "firmwareDir"})
public record CapabilitiesView(String hostName, HostView.NodeInfoView node, List<String> bhyve, List<String> grub,
                               String firmwareDir) {
    public CapabilitiesView {
        Objects.requireNonNull(hostName, "hostName");
        bhyve = List.copyOf(bhyve);
        grub = List.copyOf(grub);
        Objects.requireNonNull(firmwareDir, "firmwareDir");
    }
}
