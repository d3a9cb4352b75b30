package org.bhyvirt.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.host.HostConfig;
import org.bhyvirt.driver.rpc.event.RpcEventHub;
import org.bhyvirt.driver.rpc.proc.DomainJobs;
import org.bhyvirt.driver.rpc.proc.RemoteProcedures;
import org.bhyvirt.driver.rpc.server.RpcServer;
import org.bhyvirt.driver.rpc.server.RpcServerConfig;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * {@code ./bhyvirt bench rpc}: calls per second and latency of GET_INFO ({@code virDomainGetInfo})
 * and LIST_ALL_DOMAINS ({@code virConnectListAllDomains}) from concurrent libvirt-java clients (one
 * connection per thread, as many virsh processes) against an emulated host's RPC server on
 * loopback; in the same run the same calls made straight on the domain driver by as many threads,
 * the baseline that shows what the protocol costs. Everything it starts (guests, server, files in
 * /dev/shm) is gone when it ends.
 */
public final class RpcBench {

    record Options(int clients, Duration phase, int domains, int running, Path json) {
        static Options parse(String[] args) {
            int clients = 50;
            int seconds = 5;
            int domains = 20;
            int running = 4;
            Path json = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--domains" -> domains = Integer.parseInt(value);
                    case "--running" -> running = Integer.parseInt(value);
                    case "--json" -> json = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--clients N --seconds S --domains N --running N --json FILE)");
                }
                i++;
            }
            if (clients < 1 || seconds < 1 || domains < 1 || running < 0 || running > domains) {
                throw new IllegalArgumentException("bad numbers: clients " + clients + ", seconds " + seconds
                        + ", domains " + domains + ", running " + running);
            }
            return new Options(clients, Duration.ofSeconds(seconds), domains, running, json);
        }
    }

    /**
     * One measured phase: what was called how, how many calls completed in the phase, and how long
     * calls took (the first {@link #KEPT} of each thread).
     */
    record Row(String call, String path, int threads, double seconds, long calls, Samples samples) {
        double perSecond() {
            return calls / seconds;
        }
    }

    /** Latencies kept per thread and phase (the calls are counted all the same). */
    static final int KEPT = 1 << 16;

    /** One call a client thread makes, given its thread index. */
    @FunctionalInterface
    interface Call {
        void run(int thread) throws Exception;
    }

    private RpcBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench rpc: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(o, System.out));
    }

    static int run(Options o, PrintStream out) throws Exception {
        Path root = Path.of(System.getProperty("bhyvirt.root", ".")).toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("bhyvirt-bench-rpc-state-");
        Path emu = Files.createTempDirectory(Path.of("/dev/shm"), "bhyvirt-bench-rpc-");
        HostConfig config = HostConfig.emulated("bench-rpc", state, root.resolve("bhyve-emulator/bin"), emu);
        RpcEventHub events = new RpcEventHub();
        DomainDriver driver = DomainDriver.open(config, events);
        RpcServer server = null;
        List<String> names = new ArrayList<>();
        try {
            events.bind(driver);
            server = RpcServer.start(RpcServerConfig.tcp(InetAddress.getLoopbackAddress(), 0)
                    .withLimits(5000, 20, 5), RemoteProcedures.forHost(driver, DomainJobs.NONE));
            events.attach(server);
            Path disk = state.resolve("idle.img");
            Files.write(disk, new byte[4096]);
            for (int i = 0; i < o.domains(); i++) {
                String name = String.format("bench-%02d", i);
                driver.defineXML(domainXml(name, disk), 0);
                if (i < o.running()) {
                    driver.start(name, 0);
                }
                names.add(name);
            }
            String uri = "bhyve+tcp://127.0.0.1:" + server.port() + "/system";
            out.printf(Locale.ROOT, "[bench] rpc: %d clients, %d s per phase, %d domains (%d running), %s%n",
                    o.clients(), o.phase().toSeconds(), o.domains(), o.running(), uri);
            List<Row> rows = new ArrayList<>();
            rows.add(measure("GET_INFO", "driver", o, t -> driver.getInfo(names.get(t % names.size()))));
            rows.add(measure("LIST_ALL_DOMAINS", "driver", o, t -> driver.listAllDomains(0)));
            List<Connect> conns = new ArrayList<>();
            try {
                List<Domain> doms = new ArrayList<>();
                for (int t = 0; t < o.clients(); t++) {
                    Connect c = new Connect(uri);
                    conns.add(c);
                    doms.add(c.domainLookupByName(names.get(t % names.size())));
                }
                rows.add(measure("GET_INFO", "rpc (libvirt-java)", o, t -> doms.get(t).getInfo()));
                rows.add(measure("LIST_ALL_DOMAINS", "rpc (libvirt-java)", o, t -> conns.get(t).listAllDomains(0)));
            } finally {
                for (Connect c : conns) {
                    try {
                        c.close();
                    } catch (LibvirtException e) {
                        out.println("[bench] closing a client: " + e.getMessage());
                    }
                }
            }
            report(rows, o, out);
            return 0;
        } finally {
            if (server != null) {
                server.close();
            }
            for (String n : names) {
                try {
                    if (driver.getState(n).isActive()) {
                        driver.destroy(n, 0);
                    }
                } catch (RuntimeException e) {
                    out.println("[bench] destroying " + n + ": " + e.getMessage());
                }
            }
            driver.close();
            deleteTree(emu);
            deleteTree(state);
        }
    }

    /** Runs {@code call} on {@code o.clients()} threads for one phase after a one-second warm-up. */
    static Row measure(String call, String path, Options o, Call body) throws Exception {
        int n = o.clients();
        List<long[]> perThread = new ArrayList<>();
        long[] counts = new long[n];
        int[] kept = new int[n];
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long warmUpNanos = Duration.ofSeconds(1).toNanos();
        long phaseNanos = o.phase().toNanos();
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            long[] samples = new long[KEPT];
            perThread.add(samples);
            int index = t;
            Thread th = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    long start = window[0];
                    long end = window[1];
                    int k = 0;
                    long calls = 0;
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        body.run(index);
                        long took = System.nanoTime() - now;
                        if (now >= start) {
                            calls++;
                            if (k < samples.length) {
                                samples[k++] = took;
                            }
                        }
                    }
                    counts[index] = calls;
                    kept[index] = k;
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + path + "-" + t);
            threads.add(th);
            th.start();
        }
        ready.await();
        long begin = System.nanoTime();
        window[0] = begin + warmUpNanos;
        window[1] = begin + warmUpNanos + phaseNanos;
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(call + " over " + path + " failed: " + failure.get(), failure.get());
        }
        long calls = 0;
        int total = 0;
        for (int t = 0; t < n; t++) {
            calls += counts[t];
            total += kept[t];
        }
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < n; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, kept[t]);
            at += kept[t];
        }
        return new Row(call, path, n, o.phase().toNanos() / 1e9, calls, new Samples(all));
    }

    private static void report(List<Row> rows, Options o, PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "%-17s %-19s %7s %10s %9s %9s %9s %9s%n", "call", "path", "threads", "calls/s",
                "p50 ms", "p90 ms", "p99 ms", "max ms");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-17s %-19s %7d %10.0f %9.3f %9.3f %9.3f %9.3f%n", r.call(), r.path(), r.threads(),
                    r.perSecond(), r.samples().medianMs(), r.samples().percentileMs(90), r.samples().percentileMs(99),
                    r.samples().maxMs());
        }
        for (String call : List.of("GET_INFO", "LIST_ALL_DOMAINS")) {
            Row direct = rows.stream().filter(r -> r.call().equals(call) && r.path().equals("driver")).findFirst().orElseThrow();
            Row rpc = rows.stream().filter(r -> r.call().equals(call) && !r.path().equals("driver")).findFirst().orElseThrow();
            out.printf(Locale.ROOT, "  %s: rpc / driver throughput = %.3f, p50 latency %.3f ms vs %.3f ms%n", call,
                    rpc.perSecond() / direct.perSecond(), rpc.samples().medianMs(), direct.samples().medianMs());
        }
        if (o.json() != null) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (Row r : rows) {
                a.add(Json.createObjectBuilder().add("call", r.call()).add("path", r.path()).add("threads", r.threads())
                        .add("seconds", r.seconds()).add("calls", r.calls())
                        .add("callsPerSecond", Math.round(r.perSecond()))
                        .add("p50Ms", r.samples().medianMs()).add("p90Ms", r.samples().percentileMs(90))
                        .add("p99Ms", r.samples().percentileMs(99)).add("maxMs", r.samples().maxMs()));
            }
            Files.writeString(o.json(), Json.createObjectBuilder().add("bench", "rpc").add("at", Instant.now().toString())
                    .add("clients", o.clients()).add("domains", o.domains()).add("running", o.running())
                    .add("cpus", Runtime.getRuntime().availableProcessors()).add("rows", a).build().toString() + "\n");
            out.println("[bench] JSON written to " + o.json());
        }
    }

    private static String domainXml(String name, Path disk) {
        return "<domain type='bhyve'><name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
                + "<memory unit='MiB'>32</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='file' type='raw'/><source file='" + disk + "'/>"
                + "<target dev='hda' bus='sata'/></disk></devices></domain>";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
