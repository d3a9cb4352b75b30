package org.bhyvirt.driver.rpc.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU frequency NODE_GET_INFO reports, read as libvirt reads it on each system: the first
 * "cpu MHz" of /proc/cpuinfo on Linux (the emulated host); 0 where it cannot be read (libvirt then
 * reports 0 as well). Read once.
 */
final class NodeMhz {

    private static final int MHZ = read(Path.of("/proc/cpuinfo"));

    private NodeMhz() {
    }

    static int read() {
        return MHZ;
    }

    static int read(Path cpuinfo) {
        try {
            List<String> lines = Files.readAllLines(cpuinfo);
            for (String line : lines) {
                if (line.startsWith("cpu MHz")) {
                    return (int) Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
