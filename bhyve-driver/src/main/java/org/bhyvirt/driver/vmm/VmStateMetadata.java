package org.bhyvirt.driver.vmm;

import java.util.List;
import java.util.Objects;

/**
 * What a saved vCPU and device state belongs to, so a target can refuse a state it cannot restore
 * before touching anything: the blob's format name and version (an implementation reads only its own
 * format, e.g. {@code bhyvirt-emulator-kern} version 1), and the guest shape it was saved from.
 *
 * @param format      the blob's format name
 * @param version     the blob's format version
 * @param vcpus       the guest's vCPU count
 * @param memoryBytes the guest's memory size
 * @param devices     the guest's PCI devices as {@code slot:function,emulation}, in slot order
 */
public record VmStateMetadata(String format, int version, int vcpus, long memoryBytes, List<String> devices) {
    public VmStateMetadata {
        Objects.requireNonNull(format, "format");
        devices = List.copyOf(devices);
        if (version < 1 || vcpus < 1 || memoryBytes <= 0) {
            throw new IllegalArgumentException("bad VM state metadata: version " + version + ", " + vcpus
                    + " vCPUs, " + memoryBytes + " bytes");
        }
    }
}
