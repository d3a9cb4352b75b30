package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ./bhyvirt bench migration [--vs-qemu] [--json FILE] [--only REGEX] [--mem SIZE]}: runs the
 * migration scenarios one after the other in one {@link BenchWorkspace}, each followed by its
 * {@link LoopbackBaseline} of the same bytes, and prints the {@link BenchReport} table (and writes its
 * JSON). A failed scenario is reported as failed and the others still run; the exit status is 1 when
 * any failed, 2 on bad arguments or when no scenario matches {@code --only}. The workspace is removed at the end, also on failure or Ctrl-C.
 */
public final class MigrationBench {
    private static final String UNLIMITED = "1099511627776";

    private MigrationBench() {
    }

    /** Command-line options. */
    record Options(boolean vsQemu, Path json, Pattern only, String mem, Path root) {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println("usage: bhyvirt bench migration [--vs-qemu] [--json FILE] [--only REGEX] [--mem 1G]");
            System.exit(2);
            return;
        }
        System.exit(run(o));
    }

    static Options parse(String[] args) {
        if (args.length == 0 || !args[0].equals("migration")) {
            throw new IllegalArgumentException("the only benchmark is 'migration'");
        }
        boolean vsQemu = false;
        Path json = null;
        Pattern only = Pattern.compile(".");
        String mem = "1G";
        Path root = Path.of(System.getProperty("bhyvirt.root", ".")).toAbsolutePath().normalize();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--vs-qemu" -> vsQemu = true;
                case "--json" -> json = Path.of(value(args, ++i, "--json"));
                case "--only" -> only = Pattern.compile(value(args, ++i, "--only"));
                case "--mem" -> mem = value(args, ++i, "--mem");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!mem.matches("[1-9][0-9]*[MG]")) {
            throw new IllegalArgumentException("--mem " + mem + " is not a size such as 512M or 1G");
        }
        return new Options(vsQemu, json, only, mem, root);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static long bytes(String mem) {
        long n = Long.parseLong(mem.substring(0, mem.length() - 1));
        return mem.endsWith("G") ? n << 30 : n << 20;
    }

    static int run(Options o) throws IOException, InterruptedException {
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        FillImages fills = new FillImages();
        List<ScenarioRunner> runners = scenarios(o, fills);
        List<BenchEntry> entries = new ArrayList<>();
        BenchWorkspace ws = BenchWorkspace.create(Path.of("/dev/shm"));
        Thread hook = new Thread(() -> closeQuietly(ws), "bench cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (ScenarioRunner r : runners) {
                if (!o.only().matcher(r.name()).find()) {
                    continue;
                }
                System.err.println("[bench] " + r.name() + " ...");
                entries.add(runOne(ws, r));
                BenchEntry last = entries.get(entries.size() - 1);
                System.err.println("[bench] " + r.name() + ": " + (last.result() == null ? "FAILED " + last.error()
                        : BenchReport.num(last.result().totalMs(), 1) + " ms, baseline ratio "
                        + BenchReport.num(last.baselineRatio(), 3)));
            }
        } finally {
            closeQuietly(ws);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        if (entries.isEmpty()) {
            System.err.println("[bench] no scenario matches --only " + o.only() + "; scenarios: "
                    + runners.stream().map(ScenarioRunner::name).toList());
            return 2;
        }
        BenchReport report = new BenchReport(date, machine(), entries);
        System.out.print(report.table());
        if (o.json() != null) {
            Files.writeString(o.json(), report.json());
            System.err.println("[bench] JSON written to " + o.json());
        }
        return entries.stream().anyMatch(e -> e.result() == null) ? 1 : 0;
    }

    private static BenchEntry runOne(BenchWorkspace ws, ScenarioRunner r) throws InterruptedException {
        String paired = r instanceof QemuScenarioRunner q ? q.pairedWith() : null;
        ScenarioResult result;
        try {
            result = r.run(ws);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return BenchEntry.failed(r.name(), e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            try {
                ws.endScenario();
            } catch (IOException e) {
                System.err.println("[bench] could not clean up after " + r.name() + ": " + e.getMessage());
            }
        }
        try {
            return BenchEntry.measured(withMemoryPath(ws, result), LoopbackBaseline.copy(result.baselineBytes()), paired);
        } catch (IOException e) {
            return BenchEntry.measured(result, null, paired);
        }
    }

    /** Bytes from which an engine row also gets the {@link MemoryPathBaseline} in its notes. */
    private static final long MEMORY_PATH_MIN_BYTES = 256L << 20;

    /**
     * An engine row that moved at least {@link #MEMORY_PATH_MIN_BYTES}, with the memory path's copy of the
     * same bytes measured right after it added to its notes (the table's baseline stays the raw
     * socket copy).
     */
    private static ScenarioResult withMemoryPath(BenchWorkspace ws, ScenarioResult r) throws InterruptedException {
        if (!"engine".equals(r.runner()) || r.wireBytes() < MEMORY_PATH_MIN_BYTES) {
            return r;
        }
        String note;
        try {
            LoopbackBaseline.Result m = MemoryPathBaseline.copy(r.wireBytes(), ws.dir());
            note = String.format(java.util.Locale.ROOT, "memory-path baseline (mapped tmpfs file -> one loopback "
                    + "connection -> pre-allocated mapped file, the same bytes) %.1f ms = %.0f MiB/s; that / engine "
                    + "total = %.3f", m.millis(), m.mibPerSecond(), m.millis() / r.totalMs());
        } catch (IOException | RuntimeException e) {
            note = "memory-path baseline failed: " + e.getMessage();
        }
        return new ScenarioResult(r.name(), r.runner(), r.guestBytes(), r.totalMs(), r.downtimeMs(),
                r.downtimeBreakdown(), r.wireBytes(), r.rounds(), r.notes() + "; " + note);
    }

    private static List<ScenarioRunner> scenarios(Options o, FillImages fills) {
        long bytes = bytes(o.mem());
        String m = o.mem();
        String ws = (bytes / 4 >> 20) + "MiB";
        Path bin = o.root().resolve("bhyve-emulator").resolve("bin");
        String idle = "native-idle-" + m.toLowerCase();
        String write = "native-write-" + m.toLowerCase() + "-ws" + ws.toLowerCase() + "-32mibs";
        List<ScenarioRunner> list = new ArrayList<>();
        list.add(new NativeScenarioRunner(idle, m, bytes, "25%", "0MiB/s", bin, fills));
        list.add(new NativeScenarioRunner(write, m, bytes, ws, "32MiB/s", bin, null));
        list.addAll(EngineScenarios.of(m, bytes, bin));
        if (o.vsQemu()) {
            Path tool = o.root().resolve("..").resolve("shared").resolve("tools").resolve("qemu-migration-bench")
                    .resolve("qmp_migrate.py").normalize();
            if (!Files.isRegularFile(tool)) {
                System.err.println("[bench] --vs-qemu: no QEMU bench tool at " + tool + ": QEMU scenarios skipped");
            } else {
                String accel = kvmWorks() ? "kvm" : "tcg";
                String q = "qemu-idle-" + m.toLowerCase() + "-";
                List<String> unl = List.of("--bw", UNLIMITED);
                List<String> unlPre = List.of("--bw", UNLIMITED, "--dst-extra=-mem-prealloc");
                List<String> mfdPre = List.of("--multifd", "4", "--bw", UNLIMITED, "--dst-extra=-mem-prealloc");
                list.add(new QemuScenarioRunner(q + "default", idle, m, bytes, List.of(), tool, accel, fills, null, null));
                list.add(new QemuScenarioRunner(q + "unlimited", idle, m, bytes, unl, tool, accel, fills, null, null));
                list.add(new QemuScenarioRunner(q + "unl-prealloc", idle, m, bytes, unlPre, tool, accel, fills, null, null));
                list.add(new QemuScenarioRunner(q + "mfd4-unl-prealloc", idle, m, bytes, mfdPre, tool, accel, fills, null, null));
                DirtyGuestKernel k = new DirtyGuestKernel(tool.getParent().resolve("guest"));
                String w = "qemu-write-" + m.toLowerCase() + "-ws" + ws.toLowerCase() + "-32mibs-";
                String append;
                try {
                    append = DirtyGuestKernel.append(bytes / 4 >> 20, (32L << 20) / 4096);
                } catch (IOException e) {
                    System.err.println("[bench] --vs-qemu: " + e.getMessage() + ": QEMU writing-guest scenarios skipped");
                    return list;
                }
                list.add(new QemuScenarioRunner(w + "default", write, m, bytes, List.of(), tool, accel, fills, k, append));
                list.add(new QemuScenarioRunner(w + "unl-prealloc", write, m, bytes, unlPre, tool, accel, fills, k, append));
                list.add(new QemuScenarioRunner(w + "mfd4-unl-prealloc", write, m, bytes, mfdPre, tool, accel, fills, k,
                        append));
                list.add(new QemuScenarioRunner("qemu-idle-4g-unl-prealloc", EngineScenarios.IDLE_4G, "4G", 4L << 30,
                        unlPre, tool, accel, fills, null, null));
                list.add(new QemuScenarioRunner("qemu-idle-4g-mfd4-unl-prealloc", EngineScenarios.IDLE_4G, "4G", 4L << 30,
                        mfdPre, tool, accel, fills, null, null));
                list.add(new QemuScenarioRunner("qemu-zero-8g-mfd4-unl-prealloc", EngineScenarios.ZERO_8G, "8G", 8L << 30,
                        mfdPre, tool, accel, null, null, null));
                list.add(new QemuScenarioRunner("qemu-zero-8g-unlimited", EngineScenarios.ZERO_8G, "8G", 8L << 30,
                        unl, tool, accel, null, null, null));
            }
        }
        return list;
    }

    private static boolean kvmWorks() {
        try (FileChannel c = FileChannel.open(Path.of("/dev/kvm"), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return c.isOpen();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", firstLine("/proc/meminfo", "MemTotal:"));
        m.put("cpu", firstLine("/proc/cpuinfo", "model name"));
        m.put("kernel", firstLine("/proc/sys/kernel/osrelease", ""));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("kvm", Boolean.toString(kvmWorks()));
        return m;
    }

    private static String firstLine(String file, String prefix) {
        try {
            for (String l : Files.readAllLines(Path.of(file))) {
                if (l.startsWith(prefix)) {
                    int c = prefix.isEmpty() ? -1 : l.indexOf(':');
                    return l.substring(c + 1).strip();
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    private static void closeQuietly(BenchWorkspace ws) {
        try {
            ws.close();
        } catch (IOException e) {
            System.err.println("[bench] could not remove " + ws.dir() + ": " + e.getMessage());
        }
    }
}
