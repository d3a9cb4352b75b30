package org.bhyvirt.driver.host;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code virNodeGetInfo} reports about a host: CPU count and total memory (KiB, as libvirt
 * reports it), read from /proc/meminfo or the JVM's operating system bean. Immutable.
 */
public record NodeInfo(String model, long memoryKiB, int cpus) {

    /** Probes the machine this JVM runs on. */
    public static NodeInfo probe() {
        return new NodeInfo(System.getProperty("os.arch"), totalMemoryBytes() / 1024,
                Runtime.getRuntime().availableProcessors());
    }

    public long memoryBytes() {
        return memoryKiB * 1024;
    }

    private static long totalMemoryBytes() {
        Path meminfo = Path.of("/proc/meminfo");
        try {
            if (Files.isReadable(meminfo)) {
                for (String line : Files.readAllLines(meminfo)) {
                    if (line.startsWith("MemTotal:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall back to the JVM's view
        }
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
