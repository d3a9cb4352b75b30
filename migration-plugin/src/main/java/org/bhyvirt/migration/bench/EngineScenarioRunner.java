package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.driver.vmm.emulated.EmulatedVmmProvider;
import org.bhyvirt.migration.engine.DestinationMemory;
import org.bhyvirt.migration.engine.IncomingGuest;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.SourceMigration;
import org.bhyvirt.migration.engine.TargetMigration;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.managed.Downtime;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;

/**
 * A live migration by the managed engine ({@link SourceMigration} / {@link TargetMigration}, run in this
 * JVM) between two emulated hosts on loopback: the source guest is an emulator {@code bhyve} process, the
 * destination guest an emulator {@code bhyve -r} started at prepare in its incoming mode (the short
 * switch-over: it waits paused, gets its state before COMPLETE_ACK, and finish only resumes it). The guest either fills its
 * memory with self-verifying incompressible pages and then rewrites its working set at the write rate, or
 * (no workload) idles without touching its memory: an all-zero guest.
 *
 * <p>Measured: total = {@code perform} (connect to COMPLETE_ACK; the destination's prepare, which creates
 * and possibly pre-allocates its memory and starts the waiting guest, comes before and is in the notes);
 * downtime = the source's pause to the destination's guest resumed, with the engine's breakdown
 * ({@link Downtime}: final round, state + acknowledgement, restore into the waiting guest, resume, other); wire
 * bytes = what the engine wrote on all its channels (frames included); rounds = the engine's rounds; heap
 * = the peak of this JVM's heap pools over the migration (an upper bound of the engine's heap, garbage
 * included). The destination's self-check must find no bad page and the boot id must be the source's; for
 * an all-zero guest the destination's memory file must hold no data beyond the guest's header page and
 * the generation table its self-check reads.
 */
public final class EngineScenarioRunner implements ScenarioRunner {
    private static final String VM = "evm";

    /** What the guest does. */
    public enum Guest {
        /** Fills all memory with incompressible pages (no free, no zero share), then rewrites its working set. */
        INCOMPRESSIBLE,
        /** Fills 10% of its memory with incompressible pages, the rest stays untouched (zero). */
        MOSTLY_ZERO,
        /** No workload: the guest touches only its header page, all other memory stays zero. */
        ALL_ZERO
    }

    private final String name;
    private final String mem;
    private final long bytes;
    private final Guest guest;
    private final String workingSet;
    private final String writeRate;
    private final int channels;
    private final DestinationMemory destination;
    private final Path emulatorBin;

    /**
     * A scenario.
     *
     * @param name        its name
     * @param mem         guest memory as bhyve's -m takes it ("4G")
     * @param bytes       the same in bytes
     * @param guest       what the guest does
     * @param workingSet  its working set ("256MiB"; ignored for an all-zero guest)
     * @param writeRate   its write rate ("32MiB/s", "0MiB/s" for idle)
     * @param channels    parallel TCP channels
     * @param destination how the destination provides the incoming VM's memory
     * @param emulatorBin the emulator's bin directory
     */
    public EngineScenarioRunner(String name, String mem, long bytes, Guest guest, String workingSet, String writeRate,
                                int channels, DestinationMemory destination, Path emulatorBin) {
        this.name = name;
        this.mem = mem;
        this.bytes = bytes;
        this.guest = guest;
        this.workingSet = workingSet;
        this.writeRate = writeRate;
        this.channels = channels;
        this.destination = destination;
        this.emulatorBin = emulatorBin;
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
        Path dir = ws.scenarioDir();
        Path src = Files.createDirectories(dir.resolve("src"));
        Path dst = Files.createDirectories(dir.resolve("dst"));
        Path img = src.resolve("guest.img");
        if (guest == Guest.ALL_ZERO) {
            Files.write(img, new byte[1 << 20]);
        } else {
            String free = guest == Guest.MOSTLY_ZERO ? "90%" : "0%";
            run(ws, src, "bhyve-emu", "guest-image", "--working-set", workingSet, "--write-rate", writeRate,
                    "--pattern", "random", "--free", free, "--zero", "0%", img.toString());
        }
        List<String> argv = List.of("-c", "2", "-m", mem, "-u", "-H", "-P", "-S", "-s", "0:0,hostbridge", "-s",
                "2:0,ahci,hd:" + img);
        run(ws, src, "bhyveload", "-m", mem, "-d", img.toString(), VM);
        List<String> srcArgv = new ArrayList<>(argv);
        srcArgv.add(VM);
        Process source = ws.track(start(src, src.resolve("bhyve.log"), "bhyve", srcArgv));
        Path srcCtl = src.resolve("vmm").resolve(VM).resolve("ctl.sock");
        awaitFile(srcCtl, source);
        if (guest != Guest.ALL_ZERO) {
            awaitPopulated(srcCtl);
        }
        Map<String, String> before = EmuControl.ask(srcCtl, "status");
        MigrationOptions options = MigrationOptions.defaults(MigrationKind.LIVE).withParallelChannels(channels);
        EmulatedVmmProvider srcProvider = new EmulatedVmmProvider(src, src);
        EmulatedVmmProvider dstProvider = new EmulatedVmmProvider(dst, dst);
        Vmm vmm = srcProvider.open(VM);
        MigrationOffer offer = new MigrationOffer(VM, vmm.layout().memoryBytes(), 2, "host",
                List.of("0:0,hostbridge", "2:0,ahci"), options);
        SourceMigration migration = SourceMigration.begin(vmm, offer);
        long p0 = System.nanoTime();
        TargetMigration target = TargetMigration.prepare(offer, dstProvider, InetAddress.getLoopbackAddress(), dst,
                Duration.ofSeconds(60), destination, new WaitingGuest(ws, dst, argv));
        long prepareNanos = System.nanoTime() - p0;
        Path dstCtl = dst.resolve("vmm").resolve(VM).resolve("ctl.sock");
        HeapPeak heap = HeapPeak.start();
        MigrationProgress performed;
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try {
            performed = migration.perform(target.incoming(), p -> { });
        } catch (RuntimeException e) {
            target.cancel(); // the destination abandons its waiting guest
            throw e;
        } finally {
            heap.stop();
        }
        long totalNanos = System.nanoTime() - t0;
        long cpuNanos = processCpuNanos() - cpu0;
        TargetTimes times;
        try {
            times = target.finish(Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            migration.confirm(false, () -> { });
            throw new IllegalStateException("the destination did not resume the guest; it runs on the source again: "
                    + e.getMessage(), e);
        }
        long resumedAt = System.nanoTime();
        MigrationProgress done = migration.confirm(true, () -> {
            try {
                run(ws, src, "bhyvectl", "--vm=" + VM, "--destroy");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("destroying the source VM failed: " + e.getMessage(), e);
            }
        });
        Downtime downtime = Downtime.of(done, times, resumedAt - times.record().toNanos() - migration.pausedAtNanos());
        Map<String, String> check = EmuControl.ask(dstCtl, "self-check");
        Map<String, String> after = EmuControl.ask(dstCtl, "status");
        if (!"0".equals(check.get("stalePages")) || !"0".equals(check.get("corruptPages"))
                || !before.get("bootId").equals(after.get("bootId"))) {
            throw new IllegalStateException("the destination guest is not the source's intact guest: " + check
                    + ", boot ids " + before.get("bootId") + " / " + after.get("bootId"));
        }
        String zeroCheck = "";
        if (guest == Guest.ALL_ZERO) {
            long data = dataBytes(dst.resolve("vmm").resolve(VM).resolve("mem"));
            long table = bytes / 1024 + (1 << 20);
            if (destination == DestinationMemory.ON_DEMAND && data > table) {
                throw new IllegalStateException("the all-zero guest's destination memory holds " + data
                        + " bytes of data extents (at most its header page and the generation table its self-check "
                        + "reads, " + table + " bytes, expected)");
            }
            zeroCheck = "; destination memory file: " + data + " bytes allocated";
        }
        Map<String, Double> breakdown = new LinkedHashMap<>();
        breakdown.put("final round", ms(downtime.finalRound()));
        breakdown.put("state + ack", ms(downtime.stateTransfer()));
        breakdown.put("restore", ms(downtime.restore()));
        breakdown.put("resume", ms(downtime.resume()));
        breakdown.put("other", ms(downtime.other()));
        String notes = String.format(Locale.ROOT, "managed engine, live, %d channel(s), destination memory %s "
                + "(prepare with the waiting guest's start %.1f ms, not in total); CPU time of both engine sides %.0f ms; guest %s, working set %s at %s; pages sent %d with data, %d as "
                + "zero; heap peak %.1f MiB (this JVM, -Xmx %d MiB); destination self-check %s pages, 0 bad, same boot "
                + "id%s", channels, destination.name().toLowerCase(Locale.ROOT), prepareNanos / 1e6, cpuNanos / 1e6,
                guest.name().toLowerCase(Locale.ROOT), workingSet, writeRate, done.memNormal(), done.memConstant(),
                heap.peakBytes() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20, check.get("checkedPages"),
                zeroCheck);
        return new ScenarioResult(name, "engine", bytes, totalNanos / 1e6, ms(downtime.total()), breakdown,
                performed.dataProcessed(), (int) done.memIteration(), notes);
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    /**
     * The destination's guest of the short switch-over: {@code bhyve ARGV -r CHECKPOINT NAME} started at
     * prepare, where it waits paused for its state; abandoning it kills that bhyve and destroys its VM,
     * never throwing (the workspace kills what is left at the scenario's end anyway).
     */
    private final class WaitingGuest implements IncomingGuest {
        private final BenchWorkspace ws;
        private final Path host;
        private final List<String> argv;
        private volatile Process bhyve;

        WaitingGuest(BenchWorkspace ws, Path host, List<String> argv) {
            this.ws = ws;
            this.host = host;
            this.argv = argv;
        }

        @Override
        public void startWaiting(String vm, Path checkpoint) throws IOException {
            List<String> a = new ArrayList<>(argv);
            a.addAll(List.of("-r", checkpoint.toString(), vm));
            bhyve = ws.track(start(host, host.resolve("bhyve.log"), "bhyve", a));
        }

        @Override
        public void resumed(String vm) {
            // a plain process: nothing to record
        }

        @Override
        public void abandon(String vm) {
            Process p = bhyve;
            try {
                if (p != null) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                run(ws, host, "bhyvectl", "--vm=" + vm, "--destroy");
            } catch (IOException e) {
                System.getLogger(EngineScenarioRunner.class.getName()).log(System.Logger.Level.DEBUG,
                        "destroying the abandoned VM " + vm + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** CPU time this JVM has used (all threads), or 0 where the platform does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** Bytes of {@code file} in data extents (allocated blocks). */
    private static long dataBytes(Path file) throws IOException {
        Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String[] f = out.split(" ");
        if (f.length != 2) {
            throw new IOException("stat " + file + " answered " + out);
        }
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    /** The peak of the heap pools' usage while it runs (peaks are reset at the start). */
    private static final class HeapPeak {
        private final List<MemoryPoolMXBean> pools;
        private final AtomicLong peak = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        private HeapPeak() {
            pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .toList();
            System.gc();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            sampler = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-peak");
            sampler.setDaemon(true);
            sampler.start();
        }

        static HeapPeak start() {
            return new HeapPeak();
        }

        private void sample() {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
            sample();
            long pooled = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            peak.accumulateAndGet(pooled, Math::max);
        }

        long peakBytes() {
            return peak.get();
        }
    }

    private Process start(Path host, Path log, String program, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(emulatorBin.resolve(program).toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BHYVIRT_EMU_DIR", host.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    private void run(BenchWorkspace ws, Path host, String program, String... args)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(host, "run-", ".log");
        Process p = ws.track(start(host, log, program, List.of(args)));
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(program + " " + String.join(" ", args) + " failed: " + Files.readString(log).strip());
        }
    }

    private static void awaitPopulated(Path ctl) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
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
}
