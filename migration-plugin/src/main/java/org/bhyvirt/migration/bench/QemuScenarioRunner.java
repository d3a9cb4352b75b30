package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * QEMU's own live migration of a guest of the same size and memory content as a native scenario, run by
 * the shared {@code qmp_migrate.py} (two {@code qemu-system-x86_64} on loopback, guest RAM filled from a
 * {@link FillImages} image). An idle guest boots the qboot firmware and idles (settle 2 s, as
 * {@code qemu_bench.sh}); a writing guest boots SeaBIOS and the tool's {@code dirty.elf}, which rewrites
 * its working set at the set rate (settle 8 s and wait until it writes, as {@code qemu_dirty_bench.sh}). Measured by QEMU and the tool: total = QEMU's total-time;
 * downtime = source STOP event to destination RESUME event (QEMU's own downtime figure in the
 * breakdown); bytes = loopback transmit counter; rounds = QEMU's dirty-sync count.
 */
public final class QemuScenarioRunner implements ScenarioRunner {
    private final String name;
    private final String pairedWith;
    private final String mem;
    private final long bytes;
    private final List<String> options;
    private final Path tool;
    private final String accel;
    private final FillImages fills;
    private final DirtyGuestKernel kernel;
    private final String append;

    /**
     * A scenario.
     *
     * @param name       its name
     * @param pairedWith the native or engine scenario migrating the same guest
     * @param mem        guest memory for QEMU's -m ("1G")
     * @param bytes      the same in bytes
     * @param options    qmp_migrate.py options of this configuration (e.g. --bw, --multifd, --dst-extra=-mem-prealloc)
     * @param tool       the qmp_migrate.py script
     * @param accel      kvm or tcg
     * @param fills      the memory images, or null for a guest whose RAM stays all zero
     * @param kernel     the writing guest, or null for an idle guest
     * @param append     the writing guest's command line (null for an idle guest)
     */
    QemuScenarioRunner(String name, String pairedWith, String mem, long bytes, List<String> options, Path tool,
                       String accel, FillImages fills, DirtyGuestKernel kernel, String append) {
        this.name = name;
        this.pairedWith = pairedWith;
        this.mem = mem;
        this.bytes = bytes;
        this.options = List.copyOf(options);
        this.tool = tool;
        this.accel = accel;
        this.fills = fills;
        this.kernel = kernel;
        this.append = append;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long guestBytes() {
        return bytes;
    }

    /** The native scenario this one pairs with. */
    public String pairedWith() {
        return pairedWith;
    }

    @Override
    public ScenarioResult run(BenchWorkspace ws) throws Exception {
        Path dir = ws.scenarioDir();
        boolean split = fills != null && bytes > FillImages.Q35_SPLIT_ABOVE;
        FillImages.Fill fill = fills == null || split ? null : fills.get(bytes, ws.dir());
        List<FillImages.Part> parts = split ? fills.randomParts(bytes, ws.dir()) : List.of();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> guest = kernel == null ? List.of("--bios", "/usr/share/qemu/qboot.rom", "--settle", "2")
                : List.of("--kernel", kernel.elf(ws).toString(), "--append", append, "--settle", "8", "--wait-guest", "30",
                        "--calc-dirty", "2");
        List<String> cmd = new ArrayList<>(List.of("python3", tool.toString()));
        cmd.addAll(guest);
        cmd.addAll(List.of("--timeout", "600", "--accel", accel, "--mem", mem));
        if (fill != null) {
            cmd.addAll(List.of("--fill", fill.file() + "@0x" + Long.toHexString(FillImages.LOAD_ADDRESS)));
        }
        for (FillImages.Part part : parts) {
            cmd.addAll(List.of("--fill", part.file() + "@0x" + Long.toHexString(part.address())));
        }
        cmd.addAll(List.of("--label", name, "--workdir", dir.toString(), "--port", Integer.toString(port)));
        cmd.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path out = dir.resolve("stdout.txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = ws.track(pb.start());
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            throw new IOException("qmp_migrate.py did not finish in 15 minutes");
        }
        String summary = Files.readString(out).strip();
        if (p.exitValue() != 0 || summary.isEmpty()) {
            throw new IOException("qmp_migrate.py exited " + p.exitValue() + ": " + tail(dir.resolve("stderr.txt")));
        }
        String line = summary.lines().reduce((a, b) -> b).orElse("");
        if (!line.contains("\"status\": \"completed\"")) {
            throw new IOException("QEMU's migration did not complete: " + line);
        }
        String detail = Files.readString(dir.resolve(name + ".json"));
        double total = number(line, "total_ms");
        double qemuDowntime = number(line, "downtime_ms");
        double events = number(line, "event_downtime_ms");
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put("QEMU's own downtime", qemuDowntime);
        breakdown.put("setup", number(line, "setup_ms"));
        String notes = "QEMU " + string(detail, "qemu_version") + " " + accel + " " + String.join(" ", options)
                + (kernel == null ? "; idle guest (qboot)" : "; dirty.elf " + append + ", dirty rate measured by QEMU "
                + BenchReport.num(number(line, "guest_dirty_rate_MBps(calc-dirty-rate)"), 0) + " MB/s") + "; guest RAM: " + (split ? "incompressible pseudo-random data from 1 MiB to 2 GiB and above 4 GiB ("
                + parts.size() + " files)" : fill == null ? "never written (all zero)" : fill.description());
        return new ScenarioResult(name, "qemu", bytes, total, events >= 0 ? events : qemuDowntime, breakdown,
                (long) number(detail, "lo_tx_bytes"), (int) number(line, "dirty_syncs"), notes);
    }

    /** A top-level number field of a JSON text, or UNKNOWN when absent or null. */
    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": (-?[0-9.eE+]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : ScenarioResult.UNKNOWN;
    }

    private static String string(String json, String key) {
        int at = json.indexOf("\"" + key + "\"");
        if (at < 0) {
            return "?";
        }
        String rest = json.substring(at);
        double major = number(rest, "major");
        double minor = number(rest, "minor");
        double micro = number(rest, "micro");
        return major < 0 ? "?" : (int) major + "." + (int) minor + "." + (int) micro;
    }

    private static String tail(Path f) throws IOException {
        List<String> l = Files.readAllLines(f);
        return String.join(" | ", l.subList(Math.max(0, l.size() - 5), l.size()));
    }
}
