package org.bhyvirt.emulator.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated bhyve command line: everything the emulator needs to run (or restore) one guest.
 * Built only by {@link BhyveOptionParser}; the lists and maps are immutable.
 *
 * @param vmName      the VM's name (the single operand)
 * @param vcpus       number of vCPUs after the topology is resolved
 * @param topology    sockets, cores, threads
 * @param memBytes    guest memory in bytes as parsed from {@code -m} (256 MiB when absent, as bhyve)
 * @param flags       the flag letters given (A, H, P, S, u, w, ...), in order, without duplicates
 * @param devices     the {@code -s} devices in argv order
 * @param lpc         {@code -l} devices: name (com1..com4, bootrom) to configuration
 * @param restoreFile the {@code -r} checkpoint file, if any
 * @param config      {@code -o var=value} settings in order (and {@code -k -f -G -K -n -R} under "-LETTER")
 */
public record BhyveOptions(String vmName, int vcpus, List<Integer> topology, long memBytes, String flags,
                           List<PciDevice> devices, Map<String, String> lpc, Optional<String> restoreFile,
                           Map<String, String> config) {

    /** Whether the guest boots from a UEFI ROM ({@code -l bootrom,...}). */
    public boolean romBoot() {
        return lpc.containsKey("bootrom");
    }

    /** The {@code -R host[,port]} of a bhyve that receives its guest by migration, if given. */
    public Optional<String> migrationSource() {
        return Optional.ofNullable(config.get("-R"));
    }

    /** Whether guest memory is wired ({@code -S}), which live migration requires. */
    public boolean wiredMemory() {
        return flags.indexOf('S') >= 0;
    }
}
