package org.bhyvirt.it.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plugin's WAR, as the build packaged it, deployed on a managed Payara Micro with an emulated
 * host of its own (MicroProfile Config added to the archive): every domain call of the REST API
 * end to end with emulated guests, the problem documents of its errors, health, metrics and the
 * OpenAPI document. One class, so one Payara Micro start; each test cleans up its domains, and the
 * class removes every guest process and directory at the end, whatever happened.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RestApiIT {

    private static EmulatedHostDirs host;
    private static long classStart;

    @ArquillianResource
    private URL appUrl;

    private RestClient api;
    private RestClient server;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        classStart = System.nanoTime();
        host = new EmulatedHostDirs("it-rest");
        File war = new File(System.getProperty("bhyvirt.it.war", "target/bhyvirt.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("the plugin's WAR " + war + " is missing: run mvn verify");
        }
        return ShrinkWrap.create(ZipImporter.class, "bhyvirt.war").importFrom(war).as(WebArchive.class)
                .addAsResource(new StringAsset(host.microprofileConfig()), "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void noteStart() {
        if (classStart == 0) {
            classStart = System.nanoTime();
        }
    }

    @AfterAll
    static void removeTheHost() throws IOException {
        if (host != null) {
            host.close();
        }
        System.out.printf("RestApiIT: %.1f s from deployment to clean-up%n",
                (System.nanoTime() - classStart) / 1e9);
    }

    @BeforeEach
    void clients() throws Exception {
        URI app = appUrl.toURI();
        api = new RestClient(app.resolve("api/v1/"));
        server = new RestClient(app.resolve("/"));
    }

    /** Destroys and undefines whatever domains a test left, through the API. */
    @AfterEach
    void removeDomains() {
        HttpReply list = api.get("domains");
        if (list.status() != 200) {
            return;
        }
        for (JsonValue v : list.jsonArray()) {
            JsonObject d = v.asJsonObject();
            String name = d.getString("name");
            if (d.getInt("id") > 0) {
                api.post("domains/" + name + "/destroy");
            }
            if (d.getBoolean("persistent")) {
                api.delete("domains/" + name);
            }
        }
    }

    // ---- the domain calls ------------------------------------------------------------------

    @Test
    void defineAnswers201WithTheNewDomainsLocationAndSummary() throws IOException {
        UUID uuid = UUID.randomUUID();
        HttpReply r = define("def1", uuid);
        assertEquals(201, r.status(), r.describe());
        assertTrue(r.location().orElseThrow().endsWith("/bhyvirt/api/v1/domains/def1"), r.location().toString());
        JsonObject d = r.json();
        assertEquals("def1", d.getString("name"));
        assertEquals(uuid.toString(), d.getString("uuid"));
        assertEquals(-1, d.getInt("id"));
        assertEquals("shutoff", d.getString("state"));
        assertTrue(d.getBoolean("persistent"));
        assertEquals(1, d.getInt("vcpus"));
        assertEquals(64 * 1024, d.getInt("memoryKiB"));
        assertEquals(64 * 1024, d.getInt("maxMemoryKiB"));

        HttpReply again = define("def1", uuid);
        assertEquals(200, again.status(), "redefining the same name and UUID replaces: " + again.describe());
        HttpReply xml = api.get("domains/def1/xml");
        assertEquals(200, xml.status(), xml.describe());
        assertTrue(xml.contentType().startsWith("application/xml"), xml.describe());
        assertTrue(xml.body().contains("<name>def1</name>") && xml.body().contains(uuid.toString()), xml.body());
    }

    @Test
    void aDomainStartsPausesResumesRebootsAndIsDestroyed() throws IOException {
        define("life1", UUID.randomUUID());
        JsonObject started = ok(api.post("domains/life1/start"));
        assertEquals("running", started.getString("state"));
        assertEquals("booted", started.getString("reason"));
        int pid = started.getInt("id");
        assertTrue(pid > 0, "an active domain's id is bhyve's pid: " + started);

        assertState("life1", "paused", "user", ok(api.post("domains/life1/suspend")));
        JsonObject state = ok(api.get("domains/life1/state"));
        assertEquals("paused", state.getString("state"));
        assertEquals("user", state.getString("reason"));

        assertState("life1", "running", "unpaused", ok(api.post("domains/life1/resume")));
        assertEquals("running", ok(api.post("domains/life1/reboot")).getString("state"));

        JsonObject destroyed = ok(api.post("domains/life1/destroy"));
        assertState("life1", "shutoff", "destroyed", destroyed);
        assertEquals(-1, destroyed.getInt("id"));
        assertEquals("shutoff", ok(api.get("domains/life1")).getString("state"));
    }

    @Test
    void shutdownPressesThePowerButtonAndTheGuestPowersOff() throws Exception {
        define("off1", UUID.randomUUID());
        ok(api.post("domains/off1/start"));
        JsonObject pressed = ok(api.post("domains/off1/shutdown"));
        assertEquals("off1", pressed.getString("name"));
        JsonObject end = awaitState("off1", "shutoff", Duration.ofSeconds(60));
        assertEquals("shutdown", end.getString("reason"));
    }

    @Test
    void saveStopsTheDomainIntoAFileAndRestoreBringsItBack() throws IOException {
        define("save1", UUID.randomUUID());
        ok(api.post("domains/save1/start"));
        Path file = host.workDir.resolve("save1.save");
        JsonObject saved = ok(api.post("domains/save1/save", "application/json", "{\"file\":\"" + file + "\"}"));
        assertState("save1", "shutoff", "saved", saved);
        assertTrue(Files.exists(file), "the save image exists: " + file);

        JsonObject restored = ok(api.post("domains/restore", "application/json", "{\"file\":\"" + file + "\"}"));
        assertState("save1", "running", "restored", restored);
        assertTrue(restored.getInt("id") > 0);
    }

    @Test
    void undefineRemovesAnInactiveDomainAndA404Follows() throws IOException {
        define("gone1", UUID.randomUUID());
        HttpReply r = api.delete("domains/gone1");
        assertEquals(204, r.status(), r.describe());
        assertEquals("", r.body());
        assertProblem(api.get("domains/gone1"), 404, 42, "NO_DOMAIN");
    }

    @Test
    void anUndefinedRunningDomainStaysAsATransientOneAndGoesWhenDestroyed() throws IOException {
        define("tr1", UUID.randomUUID());
        ok(api.post("domains/tr1/start"));
        assertEquals(204, api.delete("domains/tr1").status());
        JsonObject transientOne = ok(api.get("domains/tr1"));
        assertEquals("running", transientOne.getString("state"));
        assertFalse(transientOne.getBoolean("persistent"));

        JsonObject destroyed = ok(api.post("domains/tr1/destroy"));
        assertState("tr1", "shutoff", "destroyed", destroyed);
        assertProblem(api.get("domains/tr1"), 404, 42, "NO_DOMAIN");
    }

    @Test
    void theListFiltersByStateAndPersistence() throws IOException {
        define("ls-run", UUID.randomUUID());
        define("ls-pause", UUID.randomUUID());
        define("ls-off", UUID.randomUUID());
        define("ls-trans", UUID.randomUUID());
        ok(api.post("domains/ls-run/start"));
        ok(api.post("domains/ls-pause/start"));
        ok(api.post("domains/ls-pause/suspend"));
        ok(api.post("domains/ls-trans/start"));
        assertEquals(204, api.delete("domains/ls-trans").status());

        assertEquals(List.of("ls-off", "ls-pause", "ls-run", "ls-trans"), names(""));
        assertEquals(List.of("ls-run", "ls-trans"), names("?state=running"));
        assertEquals(List.of("ls-pause"), names("?state=paused"));
        assertEquals(List.of("ls-off"), names("?state=shutoff"));
        assertEquals(List.of("ls-off", "ls-pause", "ls-run"), names("?persistent=true"));
        assertEquals(List.of("ls-trans"), names("?persistent=false"));
        assertEquals(List.of("ls-run"), names("?state=running&persistent=true"));
    }

    // ---- errors as problem documents ---------------------------------------------------------

    @Test
    void anUnknownDomainIsA404ProblemWithLibvirtsNumberAndMessage() {
        JsonObject p = assertProblem(api.get("domains/nosuch"), 404, 42, "NO_DOMAIN");
        assertEquals("Domain not found", p.getString("title"));
        assertEquals("Domain not found: no domain with matching name 'nosuch'", p.getString("detail"));
        assertEquals("urn:bhyvirt:problem:libvirt:no-domain", p.getString("type"));
        for (String action : List.of("start", "shutdown", "reboot", "destroy", "suspend", "resume")) {
            assertProblem(api.post("domains/nosuch/" + action), 404, 42, "NO_DOMAIN");
        }
        assertProblem(api.delete("domains/nosuch"), 404, 42, "NO_DOMAIN");
        assertProblem(api.get("domains/nosuch/xml"), 404, 42, "NO_DOMAIN");
        assertProblem(api.get("domains/nosuch/state"), 404, 42, "NO_DOMAIN");
    }

    @Test
    void callsTheDomainsStateForbidsAre409() throws IOException {
        define("st1", UUID.randomUUID());
        JsonObject notRunning = assertProblem(api.post("domains/st1/suspend"), 409, 55, "OPERATION_INVALID");
        assertEquals("Requested operation is not valid: domain is not running", notRunning.getString("detail"));
        assertProblem(api.post("domains/st1/destroy"), 409, 55, "OPERATION_INVALID");
        ok(api.post("domains/st1/start"));
        JsonObject running = assertProblem(api.post("domains/st1/start"), 409, 55, "OPERATION_INVALID");
        assertEquals("Requested operation is not valid: domain is already running", running.getString("detail"));
        ok(api.post("domains/st1/suspend"));
        assertProblem(api.post("domains/st1/shutdown"), 409, 55, "OPERATION_INVALID");
    }

    @Test
    void aNameHeldByAnotherUuidIsA409() throws IOException {
        define("dup1", UUID.randomUUID());
        JsonObject p = assertProblem(define("dup1", UUID.randomUUID()), 409, 9, "OPERATION_FAILED");
        assertTrue(p.getString("detail").startsWith("operation failed: domain 'dup1' already exists with uuid"), p.toString());
    }

    @Test
    void malformedOrInvalidDomainXmlIsA400() {
        JsonObject p = assertProblem(api.post("domains", "application/xml", "<domain type='bhyve'><name>x</name>"),
                400, 27, "XML_ERROR");
        assertTrue(p.getString("detail").startsWith("XML error: "), p.toString());
        JsonObject noName = assertProblem(api.post("domains", "application/xml",
                "<domain type='bhyve'><memory>1024</memory></domain>"), 400, -1, null);
        assertTrue(noName.containsKey("libvirtError"), "the driver's refusal carries its number: " + noName);
        JsonObject empty = assertProblem(api.post("domains", "application/xml", " \n"), 400, -1, null);
        assertEquals("xml: the domain XML must not be empty", empty.getString("detail"));
    }

    @Test
    void invalidQueryParametersAreA400ListingEachViolation() {
        JsonObject p = assertProblem(api.get("domains?state=crashed&persistent=maybe"), 400, -1, null);
        assertEquals("urn:bhyvirt:problem:invalid-input", p.getString("type"));
        assertEquals(2, p.getJsonArray("violations").size());
        assertEquals("persistent", p.getJsonArray("violations").getJsonObject(0).getString("field"));
        assertEquals("must be true or false", p.getJsonArray("violations").getJsonObject(0).getString("message"));
        assertEquals("state", p.getJsonArray("violations").getJsonObject(1).getString("field"));
        assertEquals("must be one of running, paused, shutoff",
                p.getJsonArray("violations").getJsonObject(1).getString("message"));
    }

    @Test
    void aSaveFileMustBeAnAbsolutePath() throws IOException {
        define("sv2", UUID.randomUUID());
        JsonObject p = assertProblem(api.post("domains/sv2/save", "application/json", "{\"file\":\"relative.save\"}"),
                400, -1, null);
        assertEquals("request.file", p.getJsonArray("violations").getJsonObject(0).getString("field"));
        assertEquals("must be an absolute path of at most 4096 characters",
                p.getJsonArray("violations").getJsonObject(0).getString("message"));
        JsonObject missing = assertProblem(api.post("domains/restore", "application/json", "{}"), 400, -1, null);
        assertEquals("request.file: must be given", missing.getString("detail"));
        JsonObject noBody = assertProblem(api.post("domains/restore", "application/json", ""), 400, -1, null);
        assertEquals("urn:bhyvirt:problem:missing-body", noBody.getString("type"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        JsonObject p = assertProblem(api.post("domains/restore", "application/json", "{\"file\":"), 400, -1, null);
        assertEquals("urn:bhyvirt:problem:malformed-json", p.getString("type"));
        assertTrue(p.getString("detail").startsWith("the request body is not the JSON this call takes"), p.toString());
    }

    @Test
    void restoringAFileThatIsNoSaveImageIsAProblemNamingIt() throws IOException {
        Path bogus = host.workDir.resolve("bogus.save");
        Files.writeString(bogus, "not a save image");
        HttpReply r = api.post("domains/restore", "application/json", "{\"file\":\"" + bogus + "\"}");
        assertTrue(r.status() >= 400 && r.status() < 600, r.describe());
        JsonObject p = r.json();
        assertTrue(p.containsKey("libvirtError"), r.describe());
        assertTrue(p.getString("detail").contains(bogus.toString()), r.describe());
    }

    @Test
    void theContainersOwnRefusalsAreProblemsToo() {
        assertEquals(404, api.get("nothing-here").json().getInt("status"));
        HttpReply wrongMethod = api.put("domains");
        assertEquals(405, wrongMethod.status(), wrongMethod.describe());
        assertEquals("application/problem+json", wrongMethod.contentType());
        HttpReply wrongType = api.post("domains", "text/plain", "<domain/>");
        assertEquals(415, wrongType.status(), wrongType.describe());
        assertEquals(415, wrongType.json().getInt("status"));
    }

    // ---- host, health, metrics, OpenAPI ------------------------------------------------------

    @Test
    void theHostAnswersItsNameVersionHypervisorAndNode() {
        JsonObject h = ok(api.get("host"));
        assertEquals("it-rest", h.getString("hostName"));
        assertEquals("bhyve-emulator", h.getString("hypervisor"));
        assertFalse(h.getString("version").isBlank());
        assertTrue(h.getJsonObject("nodeInfo").getInt("cpus") > 0);
        assertTrue(h.getJsonObject("nodeInfo").getJsonNumber("memoryKiB").longValue() > 0);
    }

    @Test
    void capabilitiesListTheEmulatedBhyvesFeatures() {
        JsonObject c = ok(api.get("host/capabilities"));
        assertEquals("it-rest", c.getString("hostName"));
        assertTrue(c.getJsonArray("bhyve").getValuesAs(JsonValue::toString).contains("\"AHCI32SLOT\""), c.toString());
    }

    @Test
    void healthIsUpWithEveryCheckOfTheHost() {
        HttpReply ready = server.get("health/ready");
        assertEquals(200, ready.status(), ready.describe());
        Set<String> checks = ready.json().getJsonArray("checks").stream()
                .map(v -> v.asJsonObject().getString("name") + "=" + v.asJsonObject().getString("status"))
                .collect(java.util.stream.Collectors.toSet());
        assertTrue(checks.containsAll(Set.of("bhyvirt-driver=UP", "bhyvirt-state-directory=UP",
                "bhyvirt-bhyve-programs=UP", "bhyvirt-rpc=UP")), checks.toString());
        HttpReply live = server.get("health/live");
        assertEquals(200, live.status(), live.describe());
        assertTrue(live.body().contains("bhyvirt-host"), live.describe());
    }

    @Test
    void virshManagesTheDeployedHostThroughItsLibvirtRpcListener() throws Exception {
        HttpReply ready = server.get("health/ready");
        JsonObject rpc = ready.json().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("bhyvirt-rpc")).findFirst().orElseThrow();
        assertEquals("UP", rpc.getString("status"), rpc.toString());
        String uri = "bhyve+tcp://127.0.0.1:" + rpc.getJsonObject("data").getString("port") + "/system";
        define("rpc1", UUID.randomUUID());

        assertTrue(virsh(uri, "list", "--all").contains("rpc1"), "virsh sees the domain REST defined");
        assertTrue(virsh(uri, "start", "rpc1").contains("Domain 'rpc1' started"));
        assertEquals("running", ok(api.get("domains/rpc1")).getString("state"), "REST sees what virsh did");
        assertEquals("running (booted)", virsh(uri, "domstate", "--reason", "rpc1").strip());
        assertTrue(virsh(uri, "destroy", "rpc1").contains("Domain 'rpc1' destroyed"));
        assertEquals("shutoff", ok(api.get("domains/rpc1")).getString("state"));
    }

    /** Runs Debian's virsh against {@code uri}; its standard output, or an assertion error with all it said. */
    private String virsh(String uri, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("virsh", "-c", uri));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("HOME", host.workDir.toString());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "virsh did not finish");
        assertEquals(0, p.exitValue(), "virsh " + String.join(" ", args) + ": " + out);
        return out;
    }

    @Test
    void metricsCountTheDomainsByState() throws IOException {
        define("m-run", UUID.randomUUID());
        define("m-off", UUID.randomUUID());
        ok(api.post("domains/m-run/start"));
        HttpReply m = server.get("metrics?scope=application");
        assertEquals(200, m.status(), m.describe());
        assertEquals(1, gauge(m.body(), "running"), m.body());
        assertEquals(1, gauge(m.body(), "shutoff"), m.body());
        assertEquals(0, gauge(m.body(), "paused"), m.body());
        assertTrue(m.body().contains("bhyvirt_host_ready"), m.body());
    }

    @Test
    void theOpenApiDocumentListsEveryEndpoint() {
        HttpReply doc = server.get("openapi");
        assertEquals(200, doc.status(), doc.describe());
        for (String path : List.of("/api/v1/domains:", "/api/v1/domains/restore:", "/api/v1/domains/{name}:",
                "/api/v1/domains/{name}/xml:", "/api/v1/domains/{name}/state:", "/api/v1/domains/{name}/start:",
                "/api/v1/domains/{name}/shutdown:", "/api/v1/domains/{name}/reboot:",
                "/api/v1/domains/{name}/destroy:", "/api/v1/domains/{name}/suspend:",
                "/api/v1/domains/{name}/resume:", "/api/v1/domains/{name}/save:", "/api/v1/host:",
                "/api/v1/host/capabilities:")) {
            assertTrue(doc.body().contains(path) || doc.body().contains("\"" + path.substring(0, path.length() - 1) + "\":"),
                    "OpenAPI lists " + path);
        }
        assertTrue(doc.body().contains("title: bhyvirt"), doc.body().substring(0, Math.min(400, doc.body().length())));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private HttpReply define(String name, UUID uuid) throws IOException {
        String xml = "<domain type='bhyve'>\n"
                + "  <name>" + name + "</name>\n"
                + "  <uuid>" + uuid + "</uuid>\n"
                + "  <memory unit='MiB'>64</memory>\n"
                + "  <vcpu>1</vcpu>\n"
                + "  <os><type>hvm</type></os>\n"
                + "  <devices>\n"
                + "    <disk type='file' device='disk'>\n"
                + "      <driver name='file' type='raw'/>\n"
                + "      <source file='" + host.idleDisk(name) + "'/>\n"
                + "      <target dev='hda' bus='sata'/>\n"
                + "    </disk>\n"
                + "  </devices>\n"
                + "</domain>\n";
        return api.post("domains", "application/xml", xml);
    }

    private List<String> names(String query) {
        return ok200Array(api.get("domains" + query)).stream().map(v -> v.asJsonObject().getString("name")).toList();
    }

    private static List<JsonValue> ok200Array(HttpReply r) {
        assertEquals(200, r.status(), r.describe());
        return r.jsonArray();
    }

    private static JsonObject ok(HttpReply r) {
        assertEquals(200, r.status(), r.describe());
        assertTrue(r.contentType().startsWith("application/json"), r.describe());
        return r.json();
    }

    private static void assertState(String name, String state, String reason, JsonObject summary) {
        assertEquals(name, summary.getString("name"), summary.toString());
        assertEquals(state, summary.getString("state"), summary.toString());
        assertEquals(reason, summary.getString("reason"), summary.toString());
    }

    /** Asserts a problem document with {@code status} and, unless {@code number} is -1, libvirt's number and name. */
    private static JsonObject assertProblem(HttpReply r, int status, int number, String name) {
        assertEquals(status, r.status(), r.describe());
        assertEquals("application/problem+json", r.contentType(), r.describe());
        JsonObject p = r.json();
        assertEquals(status, p.getInt("status"), r.describe());
        assertFalse(p.getString("title").isBlank(), r.describe());
        assertFalse(p.getString("detail").isBlank(), r.describe());
        assertTrue(p.getString("type").startsWith("urn:bhyvirt:problem:"), r.describe());
        if (number != -1) {
            assertEquals(number, p.getInt("libvirtError"), r.describe());
            assertEquals(name, p.getString("libvirtErrorName"), r.describe());
        }
        return p;
    }

    /** Polls the domain's state until it is {@code state}: the API offers no completion to await. */
    private JsonObject awaitState(String name, String state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = ok(api.get("domains/" + name + "/state"));
            if (last.getString("state").equals(state)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not reach " + state + " within " + timeout + "; last " + last);
    }

    private static long gauge(String metrics, String state) {
        Matcher m = Pattern.compile("^bhyvirt_domains\\{[^}]*state=\"" + state + "\"[^}]*} ([0-9.]+)", Pattern.MULTILINE)
                .matcher(metrics);
        assertTrue(m.find(), "no gauge for " + state);
        long value = (long) Double.parseDouble(m.group(1));
        assertNotEquals(-1, value);
        return value;
    }
}
