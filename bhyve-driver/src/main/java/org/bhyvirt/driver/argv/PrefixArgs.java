package org.bhyvirt.driver.argv;

import java.util.ArrayList;
import java.util.List;

import org.bhyvirt.driver.domain.def.ClockOffset;
import org.bhyvirt.driver.domain.def.CpuTopology;
import org.bhyvirt.driver.domain.def.DomainDef;
import org.bhyvirt.driver.domain.def.LoaderDef;
import org.bhyvirt.driver.domain.def.MsrsUnknown;

/**
 * The fixed part of bhyve's argv before the devices, in libvirt's order:
 * {@code -c N|cpus=N,sockets=S,cores=C,threads=T}, {@code -m MiB} (KiB rounded up), {@code -S}
 * for locked memory, {@code -A}, {@code -I}, {@code -w}, {@code -u} for a UTC clock, {@code -H -P},
 * {@code -s 0:0,hostbridge} and, for a UEFI loader, {@code -l bootrom,PATH}. Refuses a topology
 * that does not multiply to the vCPU count, more than one die or cluster, a topology or a UTC clock
 * or a UEFI loader the bhyve program cannot do.
 */
final class PrefixArgs {

    private PrefixArgs() {
    }

    static List<String> of(DomainDef def, BhyveCapabilities caps) {
        List<String> argv = new ArrayList<>();
        argv.add("-c");
        argv.add(cpus(def, caps));
        argv.add("-m");
        argv.add(Long.toString(def.memoryMiB()));
        if (def.memoryLocked()) {
            argv.add("-S");
        }
        if (def.features().acpi()) {
            argv.add("-A");
        }
        if (def.features().apic()) {
            argv.add("-I");
        }
        if (def.features().msrsUnknown() == MsrsUnknown.IGNORE) {
            argv.add("-w");
        }
        if (def.clockOffset() == ClockOffset.UTC) {
            if (!caps.has(BhyveCapability.RTC_UTC)) {
                throw Refusal.unsupported("Installed bhyve binary does not support UTC clock");
            }
            argv.add("-u");
        }
        argv.add("-H");
        argv.add("-P");
        argv.add("-s");
        argv.add("0:0,hostbridge");
        LoaderDef loader = def.os().loader();
        if (def.os().bootloader() == null && loader != null) {
            if (!caps.has(BhyveCapability.LPC_BOOTROM)) {
                throw Refusal.unsupported("Installed bhyve binary does not support UEFI loader");
            }
            argv.add("-l");
            argv.add("bootrom," + loader.path());
        }
        return argv;
    }

    private static String cpus(DomainDef def, BhyveCapabilities caps) {
        int vcpus = def.vcpus();
        CpuTopology topology = def.topology();
        if (topology == null) {
            return Integer.toString(vcpus);
        }
        if (topology.dies() != 1) {
            throw Refusal.unsupported("Only 1 die per socket is supported");
        }
        if (topology.clusters() != 1) {
            throw Refusal.unsupported("Only 1 cluster per die is supported");
        }
        if ((long) vcpus != (long) topology.sockets() * topology.cores() * topology.threads()) {
            throw Refusal.unsupported("Invalid CPU topology: total number of vCPUs must equal the product of "
                    + "sockets, cores, and threads");
        }
        if (!caps.has(BhyveCapability.CPUTOPOLOGY)) {
            throw Refusal.unsupported("Installed bhyve binary does not support defining CPU topology");
        }
        return "cpus=" + vcpus + ",sockets=" + topology.sockets() + ",cores=" + topology.cores()
                + ",threads=" + topology.threads();
    }
}
