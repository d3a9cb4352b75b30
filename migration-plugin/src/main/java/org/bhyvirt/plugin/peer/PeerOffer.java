package org.bhyvirt.plugin.peer;

import java.util.List;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.MigrationOffer;

/**
 * The JSON form of a {@link MigrationOffer} (the source's begin, handed to the destination's
 * prepare): the guest's name, memory size, vCPUs, CPU model, devices and the migration's options.
 * {@link #toOffer()} validates (INVALID_ARG naming what is wrong); {@code from(o).toOffer()} equals
 * {@code o}.
 *
 * @param name        the guest's name
 * @param memoryBytes guest memory in bytes
 * @param vcpus       vCPU count
 * @param cpuModel    the CPU model
 * @param devices     PCI devices as {@code slot:function,emulation}
 * @param options     the migration's options
 */
public record PeerOffer(String name, long memoryBytes, int vcpus, String cpuModel, List<String> devices,
        PeerOptions options) {

    /** The JSON form of {@code offer}. */
    public static PeerOffer from(MigrationOffer offer) {
        return new PeerOffer(offer.name(), offer.memoryBytes(), offer.vcpus(), offer.cpuModel(), offer.devices(),
                PeerOptions.from(offer.options()));
    }

    /** The validated offer. */
    public MigrationOffer toOffer() {
        if (options == null) {
            throw invalid("the offer has no options");
        }
        try {
            return new MigrationOffer(name, memoryBytes, vcpus, cpuModel, devices == null ? List.of() : devices,
                    options.toOptions());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalid("malformed offer: " + e.getMessage());
        }
    }

    private static MigrationException invalid(String message) {
        return new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.PREPARE, "PREPARE", message);
    }
}
