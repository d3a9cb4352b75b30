package org.bhyvirt.migration.managed;

import org.bhyvirt.driver.domain.GuestMachine;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.host.HostCpu;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.options.MigrationOptions;

/**
 * The destination's own compatibility check at prepare, before anything is created: the machine
 * the source offers (its running bhyve's vCPUs, memory and devices, and its host's CPU model) must
 * be the machine this host would run the same definition as, on a CPU of the same model. The
 * offer's shape is then what the migration stream is checked against, so a source can no longer
 * vouch for itself. Refusals: CPU_INCOMPATIBLE for another CPU model, CONFIG_UNSUPPORTED for
 * another machine, the driver's own error when this host could not run the definition at all.
 */
public final class MachineCheck {

    private MachineCheck() {
    }

    /** The offer a source on this host makes for running {@code machine}, the guest {@code name}. */
    public static MigrationOffer offer(String name, GuestMachine machine, long memoryBytes,
            MigrationOptions options) {
        return new MigrationOffer(name, memoryBytes, machine.vcpus(), HostCpu.model(), machine.devices(), options);
    }

    /**
     * Refuses {@code offer} unless it matches {@code here}, the machine this host builds from the
     * definition the source sent, and this host's CPU model.
     */
    static void require(MigrationOffer offer, MachineSource here, String hostName) {
        String cpu = HostCpu.model();
        if (!offer.cpuModel().equals(cpu)) {
            throw new MigrationException(Code.CPU_INCOMPATIBLE, MigrationPhase.PREPARE, "PREPARE",
                    "guest " + offer.name() + " runs on CPU model '" + offer.cpuModel() + "'; " + hostName
                            + " has '" + cpu + "'");
        }
        GuestMachine machine;
        try {
            machine = here.machine();
        } catch (BhyveDriverException e) {
            throw new MigrationException(Code.CONFIG_UNSUPPORTED, MigrationPhase.PREPARE, "PREPARE",
                    hostName + " cannot run guest " + offer.name() + ": " + e.getMessage() + " ("
                            + e.number().code() + ")");
        }
        GuestMachine offered;
        try {
            offered = new GuestMachine(offer.vcpus(), offer.memoryBytes(), offer.devices());
        } catch (IllegalArgumentException e) {
            throw new MigrationException(Code.CONFIG_UNSUPPORTED, MigrationPhase.PREPARE, "PREPARE", e.getMessage());
        }
        String difference = offered.differenceFrom(machine);
        if (!difference.isEmpty()) {
            throw new MigrationException(Code.CONFIG_UNSUPPORTED, MigrationPhase.PREPARE, "PREPARE",
                    "guest " + offer.name() + " is not the machine " + hostName + " builds from its definition: "
                            + difference);
        }
    }

    /** Where the destination's own machine comes from (the driver's plan of the definition). */
    @FunctionalInterface
    interface MachineSource {
        GuestMachine machine();
    }
}
