package org.bhyvirt.driver.domain.def;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A libvirt domain definition as the bhyve driver understands it: immutable, and, when it comes
 * from {@link DomainXmlParser}, complete: libvirt's defaults are applied (implicit controllers,
 * PCI and drive addresses, MAC addresses, clock, lifecycle actions, boot device, console) and the
 * definition passed validation ({@link DomainDefValidator}). Memory is held in KiB.
 *
 * @param name            the domain name: 1 to 64 characters, no '/', no control characters,
 *                        not '.' or '..'
 * @param uuid            the domain UUID
 * @param title           {@code <title>}, null when absent
 * @param description     {@code <description>}, null when absent
 * @param metadata        the {@code <metadata>} elements, verbatim, in order
 * @param memoryKiB       {@code <memory>} in KiB (positive)
 * @param currentMemoryKiB {@code <currentMemory>} in KiB (equals memory unless set lower)
 * @param memoryLocked    {@code <memoryBacking><locked/>} (bhyve's -S)
 * @param vcpu            {@code <vcpu>}
 * @param cpu             {@code <cpu>}, null when absent
 * @param os              {@code <os>}, bootloader and bootloader_args
 * @param features        {@code <features>}
 * @param clockOffset     {@code <clock offset>}
 * @param onPoweroff      {@code <on_poweroff>}
 * @param onReboot        {@code <on_reboot>}
 * @param onCrash         {@code <on_crash>}
 * @param devices         {@code <devices>}
 * @param commandlineArgs the {@code <bhyve:commandline>} arguments, appended to bhyve's argv
 */
public record DomainDef(
        @NotNull
        @Size(min = 1, max = NAME_MAX_LENGTH, message = "must be 1 to 64 characters long")
        @Pattern(regexp = NAME_PATTERN, message = "must not contain '/' or control characters and must not be '.' or '..'")
        String name,
        @NotNull UUID uuid,
        String title,
        String description,
        @NotNull List<@Valid @NotNull MetadataEntry> metadata,
        @Positive(message = "must be greater than 0 KiB") long memoryKiB,
        @Positive(message = "must be greater than 0 KiB") long currentMemoryKiB,
        boolean memoryLocked,
        @NotNull @Valid VcpuDef vcpu,
        @Valid CpuDef cpu,
        @NotNull @Valid OsDef os,
        @NotNull Features features,
        @NotNull ClockOffset clockOffset,
        @NotNull LifecycleAction onPoweroff,
        @NotNull LifecycleAction onReboot,
        @NotNull LifecycleAction onCrash,
        @NotNull @Valid Devices devices,
        @NotNull List<@NotNull String> commandlineArgs) {

    /** libvirt's limit on a domain name's length (bhyve's VM name limit is the same order). */
    public static final int NAME_MAX_LENGTH = 64;

    /** A name without '/', NUL or other control characters, and not '.' or '..'. */
    public static final String NAME_PATTERN = "(?!\\.{1,2}$)[^/\\p{Cntrl}]+";

    /** The bhyve:commandline namespace. */
    public static final String BHYVE_NAMESPACE = "http://libvirt.org/schemas/domain/bhyve/1.0";

    public DomainDef {
        metadata = List.copyOf(metadata);
        commandlineArgs = List.copyOf(commandlineArgs);
    }

    /** The number of vCPUs. */
    public int vcpus() {
        return vcpu.count();
    }

    /** The CPU topology, or null when none is given. */
    public CpuTopology topology() {
        return cpu == null ? null : cpu.topology();
    }

    /** bhyve's memory in MiB ({@code -m}): the KiB rounded up. */
    public long memoryMiB() {
        return (memoryKiB + 1023) / 1024;
    }

    public DomainDef withName(String name) {
        return new DomainDef(name, uuid, title, description, metadata, memoryKiB, currentMemoryKiB, memoryLocked,
                vcpu, cpu, os, features, clockOffset, onPoweroff, onReboot, onCrash, devices, commandlineArgs);
    }

    public DomainDef withUuid(UUID uuid) {
        return new DomainDef(name, uuid, title, description, metadata, memoryKiB, currentMemoryKiB, memoryLocked,
                vcpu, cpu, os, features, clockOffset, onPoweroff, onReboot, onCrash, devices, commandlineArgs);
    }

    /** This definition with {@code title} (null removes it). */
    public DomainDef withTitle(String title) {
        return new DomainDef(name, uuid, title, description, metadata, memoryKiB, currentMemoryKiB, memoryLocked,
                vcpu, cpu, os, features, clockOffset, onPoweroff, onReboot, onCrash, devices, commandlineArgs);
    }

    /** This definition with {@code description} (null removes it). */
    public DomainDef withDescription(String description) {
        return new DomainDef(name, uuid, title, description, metadata, memoryKiB, currentMemoryKiB, memoryLocked,
                vcpu, cpu, os, features, clockOffset, onPoweroff, onReboot, onCrash, devices, commandlineArgs);
    }

    /** This definition with {@code metadata} replacing all metadata elements. */
    public DomainDef withMetadata(List<MetadataEntry> metadata) {
        return new DomainDef(name, uuid, title, description, metadata, memoryKiB, currentMemoryKiB, memoryLocked,
                vcpu, cpu, os, features, clockOffset, onPoweroff, onReboot, onCrash, devices, commandlineArgs);
    }

    /** The metadata element of namespace {@code uri}, or null. */
    public MetadataEntry metadata(String uri) {
        return metadata.stream().filter(m -> m.namespaceUri().equals(uri)).findFirst().orElse(null);
    }

    /** This definition with the metadata element of {@code entry}'s namespace set (replaced or appended). */
    public DomainDef withMetadataEntry(MetadataEntry entry) {
        java.util.ArrayList<MetadataEntry> list = new java.util.ArrayList<>(metadata);
        int i = 0;
        for (; i < list.size(); i++) {
            if (list.get(i).namespaceUri().equals(entry.namespaceUri())) {
                list.set(i, entry);
                return withMetadata(list);
            }
        }
        list.add(entry);
        return withMetadata(list);
    }

    /** This definition without the metadata element of namespace {@code uri}. */
    public DomainDef withoutMetadataEntry(String uri) {
        return withMetadata(metadata.stream().filter(m -> !m.namespaceUri().equals(uri)).toList());
    }

    /** This definition with {@code memoryKiB} as memory and current memory. */
    public DomainDef withMemoryKiB(long memoryKiB) {
        return new DomainDef(name, uuid, title, description, metadata, memoryKiB, memoryKiB, memoryLocked,
                vcpu, cpu, os, features, clockOffset, onPoweroff, onReboot, onCrash, devices, commandlineArgs);
    }

    /** This definition with {@code os}. */
    public DomainDef withOs(OsDef os) {
        return new DomainDef(name, uuid, title, description, metadata, memoryKiB, currentMemoryKiB, memoryLocked,
                vcpu, cpu, os, features, clockOffset, onPoweroff, onReboot, onCrash, devices, commandlineArgs);
    }

    /** This definition with {@code devices}. */
    public DomainDef withDevices(Devices devices) {
        return new DomainDef(name, uuid, title, description, metadata, memoryKiB, currentMemoryKiB, memoryLocked,
                vcpu, cpu, os, features, clockOffset, onPoweroff, onReboot, onCrash, devices, commandlineArgs);
    }
}
