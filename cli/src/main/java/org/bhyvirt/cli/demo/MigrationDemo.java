package org.bhyvirt.cli.demo;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.cli.rest.ApiException;
import org.bhyvirt.cli.rest.DomainSummary;
import org.bhyvirt.cli.rest.HostApi;
import org.bhyvirt.cli.rest.Migration;
import org.bhyvirt.cli.rest.MigrationRequest;

/**
 * {@code ./bhyvirt demo}: live migration of a writing emulated guest between two running hosts, only
 * through their REST APIs. It writes the guest image, defines and starts the guest on host A, migrates
 * it live to host B while drawing the SSE progress, prints the summary, proves on B that the guest is
 * the same one (boot id unchanged, not paused, self-check without a stale or corrupt page), migrates it
 * back to A and proves the same there, then destroys and undefines it on both hosts. The hosts are the
 * launcher's business: this class neither starts nor stops them.
 *
 * <p>Exit status 0 when every step passed, 1 when one failed (after cleaning up), 2 on bad arguments.
 */
public final class MigrationDemo {

    private static final String GUEST = "demo-guest";
    private static final String EXAMPLE_IMAGE_PATH = "/var/tmp/bhyvirt-demo/guest.img";

    private final DemoOptions options;
    private final HostApi a;
    private final HostApi b;
    private final EmulatorTool emu;
    private final PrintStream out = System.out;
    private final long started = System.nanoTime();
    private final List<String> summary = new ArrayList<>();

    private MigrationDemo(DemoOptions options) {
        this.options = options;
        this.a = new HostApi(options.urlA());
        this.b = new HostApi(options.urlB());
        this.emu = new EmulatorTool(options.emulatorBin());
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        int rc = new MigrationDemo(options).runAndCleanUp();
        System.exit(rc);
    }

    private int runAndCleanUp() {
        int rc = 0;
        try {
            run();
        } catch (ApiException | IllegalStateException | IOException e) {
            System.err.println();
            System.err.println("demo failed: " + e.getMessage());
            rc = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("demo interrupted");
            rc = 1;
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("demo failed: " + e);
            e.printStackTrace();
            rc = 1;
        }
        if (!cleanUp()) {
            rc = 1;
        }
        if (rc == 0) {
            say("done in %.1f s", (System.nanoTime() - started) / 1e9);
            out.println();
            out.println("What the demo did:");
            summary.forEach(s -> out.println("  " + s));
        }
        return rc;
    }

    private void run() throws IOException, InterruptedException {
        JsonObject hostA = a.host();
        JsonObject hostB = b.host();
        String nameA = hostA.getString("hostName", "a");
        String nameB = hostB.getString("hostName", "b");
        say("host %s at %s, host %s at %s", nameA, a.base(), nameB, b.base());
        for (HostApi h : List.of(a, b)) {
            if (h.findDomain(GUEST).isPresent()) {
                throw new IllegalStateException("host " + h.base() + " already has a domain '" + GUEST
                        + "' (left by an earlier run?); remove it first: DELETE " + h.base() + "/api/v1/domains/" + GUEST);
            }
        }

        Files.createDirectories(options.workDir());
        Path image = options.workDir().resolve("guest.img");
        emu.guestImage(image, List.of("--working-set", options.workingSet(), "--write-rate", options.writeRate(),
                "--pattern", "random"));
        say("wrote the guest image %s (working set %s, %s random writes)", image, options.workingSet(), options.writeRate());
        String xml = Files.readString(options.example()).replace(EXAMPLE_IMAGE_PATH, image.toString());

        DomainSummary defined = a.define(xml);
        DomainSummary running = a.action(GUEST, "start");
        String bootId = emu.awaitStatus(options.vmDirA(), GUEST, Duration.ofSeconds(15)).getString("bootId");
        say("defined and started %s on %s: %d vCPUs, %s, uuid %s, boot id %s -> %s", GUEST, nameA, running.vcpus(),
                Units.bytes(running.maxMemoryKiB() * 1024), defined.uuid(), bootId, running.state());
        summary.add(String.format(Locale.ROOT, "define + start on %s: %s, guest writing %s at %s", nameA,
                running.state(), options.workingSet(), options.writeRate()));
        TimeUnit.MILLISECONDS.sleep(1500); // let the guest fill its working set before it moves

        migrate(a, nameA, b, nameB, options.vmDirB(), bootId);
        migrate(b, nameB, a, nameA, options.vmDirA(), bootId);
    }

    private void migrate(HostApi from, String fromName, HostApi to, String toName, Path toVmDir, String bootId)
            throws IOException, InterruptedException {
        MigrationRequest request = new MigrationRequest(GUEST, to.base(), "LIVE", null, null, null,
                options.migrationTimeoutSeconds(), null);
        Migration m = from.startMigration(request);
        say("live migration %s -> %s started (id %s)", fromName, toName, m.id());
        Migration end = new MigrationFollower(from, out, System.console() != null)
                .follow(m, Duration.ofSeconds(options.migrationTimeoutSeconds() + 30));
        List<String> lines = MigrationSummary.lines(fromName, toName, end);
        lines.forEach(l -> say("%s", l));
        if (!end.completed()) {
            throw new IllegalStateException("the migration " + fromName + " -> " + toName + " did not complete: "
                    + String.join("; ", lines));
        }
        summary.add(String.join("; ", lines));

        DomainSummary there = to.domain(GUEST);
        Optional<DomainSummary> left = from.findDomain(GUEST);
        JsonObject status = emu.ctl(toVmDir, GUEST, "status");
        JsonObject check = emu.ctl(toVmDir, GUEST, "self-check");
        boolean sameBoot = bootId.equals(status.getString("bootId", ""));
        boolean paused = status.getBoolean("paused", true);
        boolean healthy = check.getBoolean("healthy", false);
        String proof = String.format(Locale.ROOT,
                "on %s: %s (%s); self-check of %d pages: %d stale, %d corrupt; boot id %s; %s; on %s: %s",
                toName, there.state(), there.reason(), check.getJsonNumber("checkedPages").longValue(),
                check.getJsonNumber("stalePages").longValue(), check.getJsonNumber("corruptPages").longValue(),
                sameBoot ? "unchanged" : "CHANGED", paused ? "PAUSED" : "running",
                fromName, left.map(d -> d.state() + " (" + d.reason() + ")").orElse("gone"));
        say("%s", proof);
        summary.add(proof);
        if (!healthy || !sameBoot || paused || !"running".equalsIgnoreCase(there.state())
                || left.map(DomainSummary::active).orElse(false)) {
            throw new IllegalStateException("the guest on " + toName + " is not the one that left " + fromName
                    + ": " + proof + "; self-check " + check + "; status " + status);
        }
    }

    /** Destroys and undefines the guest wherever it is; true when nothing was left behind. */
    private boolean cleanUp() {
        boolean clean = true;
        for (HostApi h : List.of(a, b)) {
            try {
                Optional<DomainSummary> d = h.findDomain(GUEST);
                if (d.isPresent() && d.get().active()) {
                    h.action(GUEST, "destroy");
                    d = h.findDomain(GUEST);
                }
                if (d.isPresent()) {
                    h.undefine(GUEST);
                }
            } catch (ApiException e) {
                System.err.println("demo: could not remove " + GUEST + " from " + h.base() + ": " + e.getMessage());
                clean = false;
            }
        }
        try {
            Files.deleteIfExists(options.workDir().resolve("guest.img"));
        } catch (IOException e) {
            System.err.println("demo: could not remove the guest image: " + e.getMessage());
            clean = false;
        }
        if (clean) {
            say("cleaned up: %s destroyed and undefined on both hosts", GUEST);
        }
        return clean;
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, "[%6.2fs] %s%n", (System.nanoTime() - started) / 1e9, String.format(Locale.ROOT, format, args));
    }
}
