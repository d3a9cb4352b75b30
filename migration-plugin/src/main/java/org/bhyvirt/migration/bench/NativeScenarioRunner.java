package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.migration.nativ.NativeDestination;
import org.bhyvirt.migration.nativ.NativeMigration;
import org.bhyvirt.migration.nativ.NativeMigrationOptions;
import org.bhyvirt.migration.nativ.NativeMigrationResult;
import org.bhyvirt.migration.nativ.NativeSource;

/**
 * A native live migration between two emulated hosts on loopback, supervised by {@link NativeMigration}:
 * the emulator's {@code bhyve -R} on the destination, {@code bhyvectl --migrate-live} on the source. The
 * guest (2 vCPUs, wired memory) fills all its memory with self-verifying incompressible pages before the
 * migration starts, then rewrites its working set at the write rate (0 = idle).
 *
 * <p>Measured: total = bhyvectl start to the source bhyve's exit; downtime = the source's
 * {@code ROUND: 4} line (printed right after it pauses the guest) to the destination's control socket
 * (created once its vCPUs run), split into the final round with state and the destination's resume;
 * also the guest's own view (wall time minus guest uptime over the migration). Bytes = loopback transmit
 * counter; rounds = 1 + the source's ROUND lines. The destination's self-check must find no bad page.
 * With an export path, the destination's memory after the migration is written there (minus its first
 * MiB) so a QEMU guest can be filled with the same content.
 */
public final class NativeScenarioRunner implements ScenarioRunner {
    private static final String VM = "bvm";
    private final String name;
    private final String mem;
    private final long bytes;
    private final String workingSet;
    private final String writeRate;
    private final Path emulatorBin;
    private final FillImages fills;

    /**
     * A scenario.
     *
     * @param name        its name
     * @param mem         guest memory as bhyve's -m takes it ("1G")
     * @param bytes       the same in bytes
     * @param workingSet  the working set ("256MiB")
     * @param writeRate   the write rate ("32MiB/s", "0MiB/s" for idle)
     * @param emulatorBin the emulator's bin directory
     * @param fills       where to export the guest's memory for QEMU, or null
     */
    public NativeScenarioRunner(String name, String mem, long bytes, String workingSet, String writeRate, Path emulatorBin,
                                FillImages fills) {
        this.name = name;
        this.mem = mem;
        this.bytes = bytes;
        this.workingSet = workingSet;
        this.writeRate = writeRate;
        this.emulatorBin = emulatorBin;
        this.fills = fills;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long guestBytes() {
        return bytes;
    }

    @Override
    public ScenarioResult run(BenchWorkspace ws) throws Exception {
        Path scenarioDir = ws.scenarioDir();
        Path src = Files.createDirectories(scenarioDir.resolve("src"));
        Path dst = Files.createDirectories(scenarioDir.resolve("dst"));
        Path img = src.resolve("guest.img");
        run(ws, src, "bhyve-emu", "guest-image", "--working-set", workingSet, "--write-rate", writeRate, "--pattern",
                "random", "--free", "0%", "--zero", "0%", img.toString());
        run(ws, src, "bhyveload", "-m", mem, "-d", img.toString(), VM);
        run(ws, dst, "bhyveload", "-m", mem, "-d", img.toString(), VM);
        Path srcLog = src.resolve("bhyve.log");
        List<String> srcArgv = new ArrayList<>(List.of(program("bhyve")));
        srcArgv.addAll(bhyveArgs(img));
        srcArgv.add(VM);
        Process source = ws.track(start(src, srcLog, srcArgv));
        Path srcCtl = src.resolve("vmm").resolve(VM).resolve("ctl.sock");
        try {
            awaitPopulated(source, srcCtl);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (source bhyve output: " + Files.readString(srcLog).strip() + ")", e);
        }
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> dstArgv = new ArrayList<>(List.of(program("bhyve")));
        dstArgv.addAll(bhyveArgs(img));
        dstArgv.addAll(List.of("-R", "127.0.0.1," + port, VM));
        Path dstLog = dst.resolve("bhyve.log");
        Path dstCtl = dst.resolve("vmm").resolve(VM).resolve("ctl.sock");
        NativeMigration migration = new NativeMigration(new NativeDestination(dstArgv, env(dst), dstLog),
                new NativeSource(List.of(program("bhyvectl"), "--vm=" + VM, "--migrate-live=127.0.0.1," + port), env(src),
                        source.onExit().thenApply(Process::exitValue), () -> Files.isDirectory(src.resolve("vmm").resolve(VM))),
                new NativeMigrationOptions(Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ZERO));
        java.util.concurrent.atomic.AtomicLong sourceExitAt = new java.util.concurrent.atomic.AtomicLong(-1);
        source.onExit().thenRun(() -> sourceExitAt.set(System.nanoTime()));
        String connect = "migrate_connections: Starting connection to";
        String pause = "ROUND: 4";
        String completed = "vm_recv_migrate_req: Migration completed";
        try (LineClock clock = new LineClock(List.of(srcLog, dstLog), List.of(connect, pause, completed), List.of(dstCtl))) {
            Map<String, String> before = EmuControl.ask(srcCtl, "status");
            long wallBefore = System.nanoTime();
            long lo0 = LoopbackCounter.txBytes();
            NativeMigrationResult r = migration.run();
            ws.track(r.destination());
            long lo1 = LoopbackCounter.txBytes();
            awaitFile(dstCtl, r.destination());
            Map<String, String> after = EmuControl.ask(dstCtl, "status");
            long wallAfter = System.nanoTime();
            Map<String, String> check = EmuControl.ask(dstCtl, "self-check");
            if (!"0".equals(check.get("stalePages")) || !"0".equals(check.get("corruptPages"))
                    || !before.get("bootId").equals(after.get("bootId"))) {
                throw new IllegalStateException("the destination guest is not the source's intact guest: " + check
                        + ", boot ids " + before.get("bootId") + " / " + after.get("bootId"));
            }
            double guestView = (wallAfter - wallBefore) / 1e6
                    - (Long.parseLong(after.get("uptimeMs")) - Long.parseLong(before.get("uptimeMs")));
            Map<String, Double> breakdown = new LinkedHashMap<>();
            long tPause = clock.when(pause);
            long tDone = clock.when(completed);
            long tRun = clock.when(dstCtl);
            double downtime = ScenarioResult.UNKNOWN;
            if (tPause > 0 && tDone > 0 && tRun > 0) {
                breakdown.put("final round + state", (tDone - tPause) / 1e6);
                breakdown.put("resume", (tRun - tDone) / 1e6);
                downtime = (tRun - tPause) / 1e6;
            }
            breakdown.put("guest clock view", Math.max(0, guestView));
            String srcText = Files.readString(srcLog);
            int rounds = 1 + (int) srcText.lines().filter(l -> l.startsWith("ROUND: ")).count();
            if (fills != null) {
                exportFill(dst.resolve("vmm").resolve(VM).resolve("mem"), ws);
            }
            long tConnect = clock.when(connect);
            double stream = tConnect > 0 && sourceExitAt.get() > 0 ? (sourceExitAt.get() - tConnect) / 1e6 : -1;
            String notes = String.format(java.util.Locale.ROOT, "native live, working set %s at %s; destination self-check "
                    + "%s pages, 0 bad, same boot id; destination start-up %d ms (not in total); of the total, the stream "
                    + "(source connects to source exits) took %s ms, the rest is bhyvectl's request", workingSet, writeRate,
                    check.get("checkedPages"), r.times().setup().toMillis(), BenchReport.num(stream, 1));
            return new ScenarioResult(name, "native", bytes, r.times().transfer().toNanos() / 1e6, downtime, breakdown,
                    lo0 < 0 || lo1 < 0 ? ScenarioResult.UNKNOWN : lo1 - lo0, rounds, notes);
        }
    }

    private void exportFill(Path memFile, BenchWorkspace ws) throws IOException {
        Path out = ws.dir().resolve("fill-" + name + ".bin");
        try (FileChannel in = FileChannel.open(memFile, StandardOpenOption.READ);
             FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long pos = FillImages.LOAD_ADDRESS;
            long end = in.size();
            while (pos < end) {
                pos += in.transferTo(pos, end - pos, o);
            }
        }
        fills.put(bytes, out, "the emulated guest's memory after " + name);
    }

    private List<String> bhyveArgs(Path img) {
        return List.of("-c", "2", "-m", mem, "-u", "-H", "-P", "-S", "-s", "0:0,hostbridge", "-s", "2:0,ahci,hd:" + img);
    }

    private Process start(Path host, Path log, List<String> argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env(host));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    private void run(BenchWorkspace ws, Path host, String program, String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of(program(program)));
        a.addAll(List.of(args));
        Path log = Files.createTempFile(host, "run-", ".log");
        Process p = ws.track(start(host, log, a));
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", a) + " failed: " + Files.readString(log).strip());
        }
    }

    private void awaitPopulated(Process source, Path ctl) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        awaitFile(ctl, source);
        while (!"true".equals(EmuControl.ask(ctl, "status").get("populated"))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the source guest did not populate its memory within 5 minutes");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitFile(Path f, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(f)) {
            if (!p.isAlive()) {
                throw new IOException("bhyve ended with " + p.exitValue() + " before " + f + " existed");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(f + " did not appear within 60 s");
            }
            Thread.sleep(2);
        }
    }

    private String program(String p) {
        return emulatorBin.resolve(p).toString();
    }

    private static Map<String, String> env(Path host) {
        return Map.of("BHYVIRT_EMU_DIR", host.toString());
    }
}
