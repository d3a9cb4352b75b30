package org.bhyvirt.emulator.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bhyvirt.emulator.vm.VmPaths;

/**
 * The patch's {@code migration_system_specs}: sysctl {@code hw.machine}, {@code hw.model} and
 * {@code hw.pagesize} of the emulated host. Defaults are "amd64", the CPU model name of this machine
 * and 4096; {@code NAME=VALUE} lines in {@code $BHYVIRT_EMU_DIR/sysctl} override them.
 *
 * @param machine  hw.machine
 * @param model    hw.model
 * @param pageSize hw.pagesize
 */
public record HostSpecs(String machine, String model, long pageSize) {

    /** The specs of the emulated host in force for this process. */
    public static HostSpecs local() throws IOException {
        String machine = "amd64";
        String model = cpuModel();
        long pageSize = 4096;
        Path sysctl = VmPaths.currentEmuDir().resolve("sysctl");
        if (Files.isRegularFile(sysctl)) {
            for (String line : Files.readAllLines(sysctl)) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = line.substring(eq + 1).strip();
                switch (line.substring(0, eq).strip()) {
                    case "hw.machine" -> machine = value;
                    case "hw.model" -> model = value;
                    case "hw.pagesize" -> pageSize = Long.parseLong(value);
                    default -> {
                    }
                }
            }
        }
        return new HostSpecs(machine, model, pageSize);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            return "unknown CPU";
        }
        return "unknown CPU";
    }

    /** The local-vs-remote dump the patch prints after a mismatch. */
    public String mismatchReport(HostSpecs remote) {
        return "migration_recv_and_check_specs: Local specs vs Remote Specs: \r\n"
                + "\tmachine: " + machine + " vs " + remote.machine + "\r\n"
                + "\tmodel: " + model + " vs " + remote.model + "\r\n"
                + "\tpagesize: " + pageSize + " vs " + remote.pageSize;
    }
}
