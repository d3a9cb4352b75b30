package org.bhyvirt.it.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 4's two-host live migration: host A is the plugin's WAR deployed by Arquillian on a managed
 * Payara Micro, host B a second Payara Micro the launcher starts ({@code ./bhyvirt host start},
 * from the same WAR and Micro jar, while Arquillian deploys A). Both read the same peer secret. An
 * emulated guest that keeps writing moves live from A to B through the REST API; the test follows
 * the migration's Server-Sent Events, then checks B runs the same boot of the guest with a clean
 * self-check (no stale, no corrupt page) and A has let it go, and that B's peer API refuses an
 * unsigned prepare. Both hosts publish their events to a real Kafka broker the test runs: the
 * domain's lifecycle events of each host and the migration's events arrive in order, each valid
 * against its published schema. Everything the test started is stopped and removed at the end,
 * whatever happened.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TwoHostMigrationIT {

    private static final String GUEST = "roamer";
    private static final Duration HOST_B_START = Duration.ofMinutes(5);

    private static EmulatedHostDirs hostA;
    private static Path hostsDir;
    private static String hostB;
    private static Path launcherLog;
    private static CompletableFuture<URI> hostBStarted;
    private static org.bhyvirt.events.kafka.EmbeddedKafkaBroker broker;
    private static CompletableFuture<Void> brokerStarted;
    private static long classStart;

    @ArquillianResource
    private URL appUrl;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        classStart = System.nanoTime();
        hostA = new EmulatedHostDirs("it-a");
        hostsDir = Files.createTempDirectory("bhyvirt-test-it-hosts-");
        Path secret = writeSecret(hostsDir.resolve("peer-secret"));
        hostB = "it-b-" + ProcessHandle.current().pid();
        launcherLog = hostsDir.resolve("launcher.log");
        File war = new File(System.getProperty("bhyvirt.it.war", "target/bhyvirt.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("the plugin's WAR " + war + " is missing: run mvn verify");
        }
        // The broker, B and A start together: the hosts' sinks wait for the broker if it is late.
        broker = new org.bhyvirt.events.kafka.EmbeddedKafkaBroker(org.bhyvirt.events.kafka.EmbeddedKafkaBroker
                .classpathFrom(Path.of(System.getProperty("bhyvirt.kafka.broker.classpath-file"))),
                hostsDir.resolve("kafka"), freePort(), freePort());
        brokerStarted = CompletableFuture.runAsync(() -> {
            try {
                broker.start();
            } catch (IOException e) {
                throw new IllegalStateException("the Kafka broker did not start: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
        hostBStarted = CompletableFuture.supplyAsync(() -> startHostB(war.toPath()));
        return ShrinkWrap.create(ZipImporter.class, "bhyvirt.war").importFrom(war).as(WebArchive.class)
                .addAsResource(new StringAsset(hostA.microprofileConfig()
                        + "bhyvirt.peer.secret-file=" + secret + "\n"
                        + "bhyvirt.migration.bind=127.0.0.1\n"
                        + "bhyvirt.kafka.bootstrap-servers=" + broker.bootstrapServers() + "\n"),
                        "META-INF/microprofile-config.properties");
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The secret both hosts sign peer calls with: 32 random bytes in hex, readable by its owner only. */
    private static Path writeSecret(Path file) throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(bytes));
        return file;
    }

    /** Runs {@code ./bhyvirt host start} for B; returns B's base URL once it is ready. */
    private static URI startHostB(Path war) {
        try {
            ProcessBuilder pb = launcher("host", "start", hostB);
            pb.environment().put("BHYVIRT_HOST_WAR", war.toString());
            pb.environment().put("BHYVIRT_PAYARA_JAR", System.getProperty("payara.microJar", "target/payara-micro.jar"));
            pb.environment().put("BHYVIRT_READY_TIMEOUT", Long.toString(HOST_B_START.toSeconds() - 30));
            pb.environment().put("BHYVIRT_KAFKA_BOOTSTRAP", broker.bootstrapServers());
            Process p = pb.start();
            if (!p.waitFor(HOST_B_START.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("host start " + hostB + " did not return: " + Files.readString(launcherLog));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("host start " + hostB + " failed: " + Files.readString(launcherLog));
            }
            String port = Files.readAllLines(hostsDir.resolve(hostB).resolve("config")).stream()
                    .filter(l -> l.startsWith("http_port=")).findFirst().orElseThrow().substring("http_port=".length());
            return URI.create("http://127.0.0.1:" + port + "/bhyvirt/");
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the launcher: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while host " + hostB + " started", e);
        }
    }

    private static ProcessBuilder launcher(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(hostA.root.resolve("bhyvirt").toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launcherLog.toFile()));
        pb.environment().put("BHYVIRT_HOSTS", hostsDir.toString());
        return pb;
    }

    private static Path vmDirB() {
        return Path.of("/dev/shm/bhyvirt-host-" + hostB);
    }

    @AfterAll
    static void stopHostBAndRemoveBothHosts() throws Exception {
        try {
            if (hostBStarted != null) {
                hostBStarted.handle((uri, e) -> null).get(HOST_B_START.toSeconds(), TimeUnit.SECONDS);
                Process stop = launcher("host", "stop", hostB).start();
                if (!stop.waitFor(60, TimeUnit.SECONDS)) {
                    stop.destroyForcibly();
                }
            }
        } finally {
            if (broker != null) {
                brokerStarted.handle((v, e) -> null).get(120, TimeUnit.SECONDS);
                broker.stop();
            }
            if (hostsDir != null) {
                EmulatedHostDirs.killProcessesNaming(List.of(hostsDir.toString(), vmDirB().toString()));
                EmulatedHostDirs.deleteTree(vmDirB());
                EmulatedHostDirs.deleteTree(hostsDir);
            }
            if (hostA != null) {
                hostA.close();
            }
            System.out.printf("TwoHostMigrationIT: %.1f s from deployment to clean-up%n",
                    (System.nanoTime() - classStart) / 1e9);
        }
    }

    @Test
    void aWritingGuestMovesLiveToTheSecondHostWithItsProgressStreamedAndItsEventsPublished() throws Exception {
        URI b = hostBStarted.get(HOST_B_START.toSeconds(), TimeUnit.SECONDS);
        URI a = appUrl.toURI();
        RestClient apiA = new RestClient(a.resolve("api/v1/"));
        RestClient apiB = new RestClient(b.resolve("api/v1/"));
        assertEquals(hostB, apiB.get("host").json().getString("hostName"), "B answers as itself");

        Path image = hostA.workDir.resolve(GUEST + ".img");
        emu(null, "guest-image", "--working-set", "64MiB", "--write-rate", "32MiB/s", "--pattern", "random",
                image.toString());
        HttpReply defined = apiA.post("domains", "application/xml", domainXml(GUEST, image));
        assertEquals(201, defined.status(), defined.describe());
        assertEquals(200, apiA.post("domains/" + GUEST + "/start").status());
        String bootId = json(awaitGuest(hostA.emuDir, GUEST)).getString("bootId");
        Thread.sleep(1000); // the guest writes for a while before it moves

        HttpReply started = apiA.post("migrations", "application/json", Json.createObjectBuilder()
                .add("domain", GUEST).add("destination", b.toString().replaceFirst("/$", ""))
                .add("kind", "LIVE").add("bandwidthMiBs", 64).add("timeoutSeconds", 120).build().toString());
        assertEquals(202, started.status(), started.describe());
        String id = started.json().getString("id");
        List<String> events = followEvents(a.resolve("api/v1/migrations/" + id + "/events"));

        JsonObject end = apiA.get("migrations/" + id).json();
        assertEquals("completed", events.get(events.size() - 1), events + " then " + end);
        assertTrue(events.indexOf("progress") >= 0 && events.indexOf("progress") < events.size() - 1,
                "progress before the end: " + events);
        assertEquals("COMPLETED", end.getString("status"), end.toString());
        JsonObject result = end.getJsonObject("result");
        assertTrue(result.getJsonNumber("rounds").longValue() >= 1, result.toString());
        assertTrue(result.getJsonNumber("bytes").longValue() >= 64L << 20, "the working set went over: " + result);
        System.out.printf("TwoHostMigrationIT: %d events, total %d ms, downtime %.1f ms, %d rounds, %d bytes%n",
                events.size(), result.getJsonNumber("totalMs").longValue(), result.getJsonNumber("downtimeMs")
                        .doubleValue(), result.getJsonNumber("rounds").longValue(),
                result.getJsonNumber("bytes").longValue());

        JsonObject onB = apiB.get("domains/" + GUEST).json();
        assertEquals("running", onB.getString("state"), onB.toString());
        HttpReply onA = apiA.get("domains/" + GUEST);
        assertTrue(onA.status() == 404 || "shutoff".equals(onA.json().getString("state")), onA.describe());

        JsonObject status = json(emu(vmDirB(), "ctl", "--vm=" + GUEST, "status"));
        JsonObject check = json(emu(vmDirB(), "ctl", "--vm=" + GUEST, "self-check"));
        assertEquals(bootId, status.getString("bootId"), "the same boot continues on B");
        assertFalse(status.getBoolean("paused"), status.toString());
        assertTrue(check.getBoolean("healthy"), check.toString());
        assertEquals(0, check.getJsonNumber("stalePages").longValue(), check.toString());
        assertEquals(0, check.getJsonNumber("corruptPages").longValue(), check.toString());
        assertTrue(check.getJsonNumber("checkedPages").longValue() > 0, check.toString());

        HttpReply unsigned = apiB.post("peer/incoming", "application/json", "{}");
        assertEquals(401, unsigned.status(), unsigned.describe());
        assertEquals(45, unsigned.json().getInt("libvirtError"), unsigned.describe());

        assertEquals(200, apiB.post("domains/" + GUEST + "/destroy").status());

        brokerStarted.get(60, TimeUnit.SECONDS);
        String uuid = defined.json().getString("uuid");
        PublishedEvents published = PublishedEvents.read(broker.bootstrapServers(), uuid, Duration.ofSeconds(60),
                e -> e.type().equals("org.bhyvirt.domain.lifecycle") && e.data().getString("host").equals(hostB)
                        && e.data().getString("detail").equals("stopped_destroyed"));
        System.out.println("TwoHostMigrationIT: events " + published.describe());
        assertEquals(List.of(), published.invalid(), "every event is valid against its schema");
        assertEquals(List.of("defined_added", "started_booted", "suspended_migrated", "stopped_migrated"),
                published.lifecycle("it-a"), "host A's lifecycle events of the guest, in order");
        assertEquals(List.of("started_migrated", "resumed_migrated", "stopped_destroyed"),
                published.lifecycle(hostB), "host B's lifecycle events of the guest, in order");
        List<String> migration = published.migration();
        assertEquals("started", migration.get(0), migration.toString());
        assertEquals(List.of("switchover", "completed"), migration.subList(migration.size() - 2, migration.size()),
                migration.toString());
        assertTrue(migration.subList(1, migration.size() - 2).stream().allMatch("progress"::equals)
                && migration.size() > 3, "progress events between: " + migration);
    }

    @Test
    void virshMigratesAWritingGuestPeerToPeerBetweenTheHostsAndAbortsAMigrationOnRequest() throws Exception {
        URI b = hostBStarted.get(HOST_B_START.toSeconds(), TimeUnit.SECONDS);
        RestClient apiA = new RestClient(appUrl.toURI().resolve("api/v1/"));
        RestClient apiB = new RestClient(b.resolve("api/v1/"));
        String uriA = "bhyve+tcp://127.0.0.1:" + rpcPort(apiA, appUrl.toURI()) + "/system";
        String uriB = "bhyve+tcp://127.0.0.1:" + Files.readAllLines(hostsDir.resolve(hostB).resolve("config")).stream()
                .filter(l -> l.startsWith("rpc_port=")).findFirst().orElseThrow().substring("rpc_port=".length()) + "/system";
        String guest = "virsh-roamer";
        Path image = hostA.workDir.resolve(guest + ".img");
        emu(null, "guest-image", "--working-set", "64MiB", "--write-rate", "16MiB/s", "--pattern", "random",
                image.toString());
        assertEquals(201, apiA.post("domains", "application/xml", domainXml(guest, image)).status());
        VirshRun start = virsh(uriA, "start", guest);
        assertTrue(start.out().contains("Domain '" + guest + "' started"), start.out());
        String bootId = json(awaitGuest(hostA.emuDir, guest)).getString("bootId");

        // A -> B with virsh, as an operator does it; a second virsh watches the job meanwhile.
        Process migrate = virshProcess(uriA, "migrate", "--live", "--p2p", "--verbose", "--bandwidth", "48", guest, uriB);
        List<Long> processed = new ArrayList<>();
        while (migrate.isAlive() && processed.size() < 20) {
            VirshRun info = virsh(uriA, "domjobinfo", guest);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("Data processed:\\s+([0-9.]+) (\\w+)")
                    .matcher(info.out());
            if (info.exit() == 0 && m.find()) {
                processed.add(Math.round(Double.parseDouble(m.group(1)) * unit(m.group(2))));
            }
            Thread.sleep(300); // domjobinfo is a snapshot: sample it while the migration runs
        }
        assertTrue(migrate.waitFor(3, TimeUnit.MINUTES), "virsh migrate did not end");
        String migrateOut = new String(migrate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, migrate.exitValue(), migrateOut);
        assertTrue(migrateOut.contains("Migration: [100 %]"), "--verbose shows the progress: " + migrateOut);
        assertTrue(processed.size() >= 2 && processed.get(processed.size() - 1) > processed.get(0),
                "domjobinfo showed growing processed data: " + processed);
        System.out.println("TwoHostMigrationIT: virsh migrate A -> B, domjobinfo data processed " + processed);

        JsonObject status = json(emu(vmDirB(), "ctl", "--vm=" + guest, "status"));
        JsonObject check = json(emu(vmDirB(), "ctl", "--vm=" + guest, "self-check"));
        assertEquals(bootId, status.getString("bootId"), "the same boot continues on B");
        assertTrue(check.getBoolean("healthy") && check.getJsonNumber("stalePages").longValue() == 0
                && check.getJsonNumber("corruptPages").longValue() == 0, check.toString());
        assertEquals("running", virsh(uriB, "domstate", guest).out().strip());
        VirshRun onA = virsh(uriA, "domstate", guest);
        assertTrue(onA.exit() != 0 || onA.out().strip().equals("shut off"), onA.out());

        // B -> A, aborted by domjobabort on B: the guest keeps running on B, nothing runs on A.
        Process back = virshProcess(uriB, "migrate", "--live", "--p2p", "--bandwidth", "8", guest, uriA);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        VirshRun abort;
        do {
            Thread.sleep(300); // abort once the job exists: domjobabort fails while there is none
            abort = virsh(uriB, "domjobabort", guest);
        } while (abort.exit() != 0 && back.isAlive() && System.nanoTime() < deadline);
        assertEquals(0, abort.exit(), abort.out());
        assertTrue(back.waitFor(2, TimeUnit.MINUTES));
        String backOut = new String(back.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, back.exitValue(), backOut);
        assertTrue(backOut.contains("operation aborted: migration out job: canceled by client"), backOut);
        assertEquals("running", virsh(uriB, "domstate", guest).out().strip(), "the guest stays on B");
        JsonObject after = json(emu(vmDirB(), "ctl", "--vm=" + guest, "self-check"));
        assertTrue(after.getBoolean("healthy"), after.toString());
        VirshRun stillGone = virsh(uriA, "domstate", guest);
        assertTrue(stillGone.exit() != 0 || stillGone.out().strip().equals("shut off"), stillGone.out());

        // B -> A with libvirt-java, as a cloud manager does it (migrateToURI, peer-to-peer, live).
        org.libvirt.Connect connB = new org.libvirt.Connect(uriB);
        try {
            org.libvirt.Domain onB = connB.domainLookupByName(guest);
            onB.migrateToURI(uriA, new org.libvirt.TypedParameter[] {new org.libvirt.TypedUlongParameter("bandwidth", 256)},
                    3 /* VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER */);
        } finally {
            connB.close();
        }
        org.libvirt.Connect connA = new org.libvirt.Connect(uriA);
        try {
            assertEquals(org.libvirt.DomainInfo.DomainState.VIR_DOMAIN_RUNNING,
                    connA.domainLookupByName(guest).getInfo().state, "the guest runs on A again");
        } finally {
            connA.close();
        }
        JsonObject home = json(emu(hostA.emuDir, "ctl", "--vm=" + guest, "self-check"));
        assertEquals(bootId, json(emu(hostA.emuDir, "ctl", "--vm=" + guest, "status")).getString("bootId"));
        assertTrue(home.getBoolean("healthy") && home.getJsonNumber("stalePages").longValue() == 0
                && home.getJsonNumber("corruptPages").longValue() == 0, home.toString());

        // A -> B in libvirt's client-driven form (virsh migrate without --p2p: Begin3 on A, Prepare3 on B,
        // Perform3 on A, Finish3 on B, Confirm3 on A), then B -> A the same way through libvirt-java.
        VirshRun managed = virsh(uriA, "migrate", "--live", "--verbose", guest, uriB);
        assertEquals(0, managed.exit(), managed.out());
        assertEquals("running", virsh(uriB, "domstate", guest).out().strip(), "client-driven: the guest runs on B");
        JsonObject onBAgain = json(emu(vmDirB(), "ctl", "--vm=" + guest, "self-check"));
        assertTrue(onBAgain.getBoolean("healthy") && onBAgain.getJsonNumber("stalePages").longValue() == 0,
                onBAgain.toString());
        org.libvirt.Connect fromB = new org.libvirt.Connect(uriB);
        org.libvirt.Connect toA = new org.libvirt.Connect(uriA);
        try {
            org.libvirt.Domain moved = fromB.domainLookupByName(guest).migrate(toA, 1 /* VIR_MIGRATE_LIVE */, null,
                    null, 0);
            assertEquals(guest, moved.getName());
            assertEquals(org.libvirt.DomainInfo.DomainState.VIR_DOMAIN_RUNNING, moved.getInfo().state);
        } finally {
            fromB.close();
            toA.close();
        }
        JsonObject last = json(emu(hostA.emuDir, "ctl", "--vm=" + guest, "self-check"));
        assertEquals(bootId, json(emu(hostA.emuDir, "ctl", "--vm=" + guest, "status")).getString("bootId"));
        assertTrue(last.getBoolean("healthy") && last.getJsonNumber("stalePages").longValue() == 0
                && last.getJsonNumber("corruptPages").longValue() == 0, last.toString());
        assertEquals(0, virsh(uriA, "destroy", guest).exit());
    }

    private static long unit(String u) {
        return switch (u) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1;
        };
    }

    /** Host A's RPC port, from its readiness check {@code bhyvirt-rpc}. */
    private static String rpcPort(RestClient api, URI app) throws IOException {
        HttpReply ready = new RestClient(app.resolve("/")).get("health/ready");
        return ready.json().getJsonArray("checks").stream().map(jakarta.json.JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("bhyvirt-rpc")).findFirst().orElseThrow()
                .getJsonObject("data").getString("port");
    }

    private record VirshRun(int exit, String out) {
    }

    private static VirshRun virsh(String uri, String... args) throws Exception {
        Process p = virshProcess(uri, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new VirshRun(p.exitValue(), out);
    }

    private static Process virshProcess(String uri, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("virsh", "-c", uri));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("HOME", hostA.workDir.toString());
        pb.environment().put("LC_ALL", "C");
        return pb.start();
    }

    /** The status of {@code guest} once its control socket under {@code vmDir} answers. */
    private static String awaitGuest(Path vmDir, String guest) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return emu(vmDir, "ctl", "--vm=" + guest, "status");
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100); // the guest opens its socket a moment after its start
            }
        }
    }

    /** The names of a migration's Server-Sent Events, in order, up to and including the last one. */
    private static List<String> followEvents(URI events) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(3)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        List<String> names = new ArrayList<>();
        try (Stream<String> lines = r.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    String name = line.substring("event:".length()).strip();
                    names.add(name);
                    if (List.of("completed", "failed", "cancelled").contains(name)) {
                        break;
                    }
                }
            }
        }
        return names;
    }

    private static String domainXml(String name, Path image) {
        return "<domain type='bhyve'>\n"
                + "  <name>" + name + "</name>\n"
                + "  <uuid>" + UUID.randomUUID() + "</uuid>\n"
                + "  <memory unit='MiB'>256</memory>\n"
                + "  <vcpu>1</vcpu>\n"
                + "  <os><type>hvm</type></os>\n"
                + "  <devices>\n"
                + "    <disk type='file' device='disk'>\n"
                + "      <driver name='file' type='raw'/>\n"
                + "      <source file='" + image + "'/>\n"
                + "      <target dev='hda' bus='sata'/>\n"
                + "    </disk>\n"
                + "  </devices>\n"
                + "</domain>\n";
    }

    /** Runs the emulator's tool against the guests under {@code vmDir}; its output. */
    private static String emu(Path vmDir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(hostA.emulatorBin.resolve("bhyve-emu").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (vmDir != null) {
            pb.environment().putAll(Map.of("BHYVIRT_EMU_DIR", vmDir.toString()));
        }
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bhyve-emu " + String.join(" ", args) + " failed: " + out.strip());
        }
        return out;
    }

    private static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }
}
