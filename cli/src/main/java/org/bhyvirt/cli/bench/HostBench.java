package org.bhyvirt.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bhyvirt.cli.demo.EmulatorTool;
import org.bhyvirt.cli.rest.ApiException;
import org.bhyvirt.cli.rest.HostApi;

/**
 * The REST half of {@code ./bhyvirt bench host}, run against a host the launcher started (twice, to
 * time the cold and warm start): it defines and starts an idle emulated guest, times {@code GET
 * /domains/{name}} and suspend / resume pairs over loopback (after a warm-up), reads the Micro JVM's
 * resident memory from {@code /proc/PID/status} before and after (guests are separate processes, so
 * their memory is not in it), prints {@link HostReport}'s table, writes its JSON when asked, and
 * destroys and undefines the guest even when a step fails. Exit status 0 when every target is met,
 * 1 when a figure misses its target or a step failed, 2 on bad arguments.
 */
public final class HostBench {

    private static final String GUEST = "bench-guest";
    private static final String EXAMPLE_IMAGE_PATH = "/var/tmp/bhyvirt-demo/guest.img";
    private static final int WARM_UP = 10;
    private static final Set<String> KEYS = Set.of("url", "pid", "emulator-bin", "vm-dir", "example", "work-dir",
            "cold-ready-ms", "warm-ready-ms", "calls", "json", "environment");

    private HostBench() {
    }

    public static void main(String[] args) {
        Map<String, String> kv = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !KEYS.contains(args[i].substring(2))) {
                usage("unknown option " + args[i]);
            }
            kv.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            usage("option " + args[args.length - 1] + " needs a value");
        }
        for (String k : List.of("url", "pid", "emulator-bin", "vm-dir", "example", "work-dir", "cold-ready-ms", "warm-ready-ms")) {
            if (!kv.containsKey(k)) {
                usage("missing option --" + k);
            }
        }
        int rc;
        try {
            rc = run(kv);
        } catch (ApiException | IllegalStateException | IOException e) {
            System.err.println("bench host failed: " + e.getMessage());
            rc = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rc = 1;
        }
        System.exit(rc);
    }

    private static int run(Map<String, String> kv) throws IOException, InterruptedException {
        HostApi host = new HostApi(kv.get("url"));
        long pid = Long.parseLong(kv.get("pid"));
        Path vmDir = Path.of(kv.get("vm-dir"));
        int calls = Integer.parseInt(kv.getOrDefault("calls", "50"));
        EmulatorTool emu = new EmulatorTool(Path.of(kv.get("emulator-bin")));
        Path image = Path.of(kv.get("work-dir")).resolve("bench-guest.img");
        long rssReady = rssKiB(pid);
        Map<String, Samples> timed = new LinkedHashMap<>();
        try {
            Files.createDirectories(image.getParent());
            emu.guestImage(image, List.of("--working-set", "10%", "--write-rate", "0MiB/s"));
            String xml = Files.readString(Path.of(kv.get("example"))).replace(EXAMPLE_IMAGE_PATH, image.toString())
                    .replace("<name>demo-guest</name>", "<name>" + GUEST + "</name>");
            host.define(xml);
            host.action(GUEST, "start");
            emu.awaitStatus(vmDir, GUEST, Duration.ofSeconds(15));
            timed.put("GET /domains/{name}", time(calls, () -> host.domain(GUEST)));
            long[] suspend = new long[calls];
            long[] resume = new long[calls];
            for (int i = 0; i < WARM_UP + calls; i++) {
                long t0 = System.nanoTime();
                host.action(GUEST, "suspend");
                long t1 = System.nanoTime();
                host.action(GUEST, "resume");
                long t2 = System.nanoTime();
                if (i >= WARM_UP) {
                    suspend[i - WARM_UP] = t1 - t0;
                    resume[i - WARM_UP] = t2 - t1;
                }
            }
            timed.put("POST /domains/{name}/suspend", new Samples(suspend));
            timed.put("POST /domains/{name}/resume", new Samples(resume));
        } finally {
            removeGuest(host);
            Files.deleteIfExists(image);
        }
        long rssAfter = rssKiB(pid);
        HostReport report = new HostReport(kv.getOrDefault("environment", ""), Long.parseLong(kv.get("cold-ready-ms")),
                Long.parseLong(kv.get("warm-ready-ms")), rssReady, rssAfter, timed);
        report.table().forEach(System.out::println);
        if (kv.containsKey("json")) {
            Files.writeString(Path.of(kv.get("json")), report.json().toString() + "\n");
            System.out.println("JSON written to " + kv.get("json"));
        }
        return report.targetsMet() ? 0 : 1;
    }

    private static Samples time(int n, Supplier<?> call) {
        long[] nanos = new long[n];
        for (int i = 0; i < WARM_UP + n; i++) {
            long t0 = System.nanoTime();
            call.get();
            long t = System.nanoTime() - t0;
            if (i >= WARM_UP) {
                nanos[i - WARM_UP] = t;
            }
        }
        return new Samples(nanos);
    }

    private static void removeGuest(HostApi host) {
        try {
            var d = host.findDomain(GUEST);
            if (d.isPresent() && d.get().active()) {
                host.action(GUEST, "destroy");
            }
            if (host.findDomain(GUEST).isPresent()) {
                host.undefine(GUEST);
            }
        } catch (ApiException e) {
            System.err.println("bench host: could not remove " + GUEST + ": " + e.getMessage());
        }
    }

    /** VmRSS of a process in KiB, from /proc/PID/status. */
    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    private static void usage(String why) {
        System.err.println("bench host: " + why);
        System.err.println("usage: HostBench --url URL --pid PID --emulator-bin DIR --vm-dir DIR --example FILE --work-dir DIR"
                + " --cold-ready-ms N --warm-ready-ms N [--calls 50] [--json FILE] [--environment TEXT]");
        System.exit(2);
    }
}
