package org.bhyvirt.migration.engine;

import java.util.List;
import java.util.Objects;
import org.bhyvirt.driver.vmm.MemoryLayout;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;

/**
 * What {@code begin} on the source hands to {@code prepare} on the destination (libvirt's
 * migration cookie plus the domain's shape): the VM's name, its memory size, vCPU count, CPU model
 * and devices, and the migration's options. The destination creates an incoming VM of exactly this
 * shape and refuses a stream whose compatibility check differs from it.
 *
 * @param name        the VM's name (the same on both hosts)
 * @param memoryBytes guest memory size; the layout (lowmem, highmem at 4 GiB) follows from it
 * @param vcpus       vCPU count
 * @param cpuModel    the CPU model the guest was started with ("host" for bhyve's passthrough)
 * @param devices     PCI devices as {@code slot:function,emulation}
 * @param options     the validated options of this migration
 */
public record MigrationOffer(String name, long memoryBytes, int vcpus, String cpuModel, List<String> devices,
        MigrationOptions options) {
    public MigrationOffer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(options, "options");
        devices = List.copyOf(devices);
        if (name.isEmpty() || memoryBytes <= 0 || vcpus < 1) {
            throw new IllegalArgumentException("bad offer: name '" + name + "', " + memoryBytes + " bytes, "
                    + vcpus + " vCPUs");
        }
    }

    /** The guest's memory layout. */
    public MemoryLayout layout() {
        return MemoryLayout.of(memoryBytes);
    }

    /** The kind of migration offered. */
    public MigrationKind kind() {
        return options.kind();
    }
}
