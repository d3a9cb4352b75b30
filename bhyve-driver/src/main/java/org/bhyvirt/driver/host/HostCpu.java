package org.bhyvirt.driver.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The model of this machine's CPU, as a migration compares it. bhyve gives a guest the host's
 * CPUID with few changes, so a running guest may use every feature of the CPU it booted on: it
 * moves only to a host with the same model. On Linux (the emulated hosts) the model is the vendor,
 * family, model and name of /proc/cpuinfo's first processor; on FreeBSD the {@code hw.model}
 * sysctl. Probed once; never empty (a machine that tells nothing is "unknown").
 */
public final class HostCpu {

    private static volatile String model;

    private HostCpu() {
    }

    /** This machine's CPU model. */
    public static String model() {
        String m = model;
        if (m == null) {
            m = probe();
            model = m;
        }
        return m;
    }

    private static String probe() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                return fromCpuinfo(Files.readString(cpuinfo, StandardCharsets.US_ASCII));
            } catch (IOException | RuntimeException e) {
                return "unknown";
            }
        }
        return fromSysctl();
    }

    /** The model named by the first processor of a /proc/cpuinfo text. */
    static String fromCpuinfo(String text) {
        Map<String, String> first = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                if (!first.isEmpty()) {
                    break;
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                first.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        String name = first.getOrDefault("model name", "");
        String vendor = first.getOrDefault("vendor_id", "");
        if (vendor.isEmpty() && name.isEmpty()) {
            return "unknown";
        }
        return (vendor + " family " + first.getOrDefault("cpu family", "?") + " model "
                + first.getOrDefault("model", "?") + " " + name).strip();
    }

    private static String fromSysctl() {
        try {
            Process p = new ProcessBuilder("/sbin/sysctl", "-n", "hw.model").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
            p.destroyForcibly();
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
