package org.bhyvirt.it.ear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.Asset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built EAR (ear/target, copied to the system property {@code bhyvirt.it.ear}) deploys on a
 * managed full Payara Server 6 and its REST API answers at {@code /bhyvirt/api/v1} with the
 * configuration the domain's system properties give it ({@link PayaraServerDomain}: host name,
 * emulator). The EAR's contents are checked too: its application.xml, no second copy of what
 * Payara provides, and the WAR's MicroProfile Config file on the EAR's library path. One server
 * start for the whole class; tagged {@code payara-server}, which only the failsafe execution of that
 * name runs.
 */
@Tag("payara-server")
@RunAsClient
class EarDeploymentIT {

    private static final String HOST_NAME = "ear-host";
    private static final String APPLICATION = "bhyvirt";

    @RegisterExtension
    @Order(1)
    static final PayaraServerDomain DOMAIN = new PayaraServerDomain(HOST_NAME, APPLICATION);

    @RegisterExtension
    @Order(2)
    static final ArquillianExtension ARQUILLIAN = new ArquillianExtension();

    /** What Payara 6 provides itself (toolchain.md): Jakarta/MicroProfile APIs, Hibernate Validator and its helpers. */
    private static final Pattern PROVIDED_BY_PAYARA = Pattern.compile(
            "/(jakarta\\.[a-z.-]+-api|microprofile-[a-z-]+-api|hibernate-validator|expressly|jboss-logging|classmate)-[^/]*\\.jar$");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    private URL base;

    /** The EAR exactly as the build made it, deployed under the name {@value #APPLICATION}. */
    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        Path ear = Path.of(System.getProperty("bhyvirt.it.ear", "bhyvirt.it.ear is not set"));
        assertTrue(Files.isRegularFile(ear), "no EAR at " + ear + ": package the ear module first");
        return ShrinkWrap.create(ZipImporter.class, APPLICATION + ".ear").importFrom(ear.toFile())
                .as(EnterpriseArchive.class);
    }

    @Test
    void theWebModuleOfTheEarAnswersUnderTheContextRootBhyvirt() {
        assertEquals("/bhyvirt/", base.getPath(), "web module context root of " + base);
        assertEquals(DOMAIN.ports().http(), base.getPort(), "the domain's HTTP listener, off Payara's default 8080");
    }

    @Test
    void payaraServerReportsTheDeployedApplicationHealthy() throws IOException, InterruptedException {
        HttpResponse<String> health = get(URI.create("http://127.0.0.1:" + DOMAIN.ports().http() + "/health"));
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
    }

    @Test
    void theHostResourceAnswersWithTheHostNameAndEmulatorTheServerConfigured() throws IOException, InterruptedException {
        HttpResponse<String> host = get(api("host"));

        assertEquals(200, host.statusCode(), host.body());
        assertEquals("application/json", host.headers().firstValue("Content-Type").orElse(""));
        assertTrue(host.body().contains("\"hostName\":\"" + HOST_NAME + "\""), host.body());
        assertTrue(host.body().contains("\"hypervisor\":\"bhyve-emulator\""), host.body());
    }

    @Test
    void theDomainsResourceListsNoDomainsOnAFreshHost() throws IOException, InterruptedException {
        HttpResponse<String> domains = get(api("domains"));

        assertEquals(200, domains.statusCode(), domains.body());
        assertEquals("[]", domains.body().strip());
    }

    @Test
    void anUnknownDomainIsAProblemDocumentWithLibvirtsNoDomain() throws IOException, InterruptedException {
        HttpResponse<String> missing = get(api("domains/no-such-domain"));

        assertEquals(404, missing.statusCode(), missing.body());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElse(""));
        assertTrue(missing.body().contains("\"libvirtErrorName\":\"NO_DOMAIN\""), missing.body());
    }

    @Test
    void thePluginsReadinessChecksReportUpOnPayaraServer() throws IOException, InterruptedException {
        HttpResponse<String> ready = get(URI.create("http://127.0.0.1:" + DOMAIN.ports().http() + "/health/ready"));

        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"name\":\"bhyvirt-driver\""), ready.body());
    }

    @Test
    void theApplicationXmlNamesTheApplicationBhyvirtWithTheWarAtSlashBhyvirt() throws IOException {
        String applicationXml = text(ear().get("META-INF/application.xml").getAsset());

        assertTrue(applicationXml.contains("<application-name>bhyvirt</application-name>"), applicationXml);
        assertTrue(applicationXml.contains("<display-name>bhyvirt</display-name>"), applicationXml);
        assertTrue(applicationXml.contains("<web-uri>migration-plugin.war</web-uri>"), applicationXml);
        assertTrue(applicationXml.contains("<context-root>/bhyvirt</context-root>"), applicationXml);
    }

    @Test
    void neitherTheEarNorItsWarCarriesWhatPayaraProvides() {
        EnterpriseArchive ear = ear();
        List<String> jars = new ArrayList<>(ear.getContent(path -> path.get().endsWith(".jar")).keySet().stream()
                .map(ArchivePath::get).toList());
        jars.addAll(war(ear).getContent(path -> path.get().startsWith("/WEB-INF/lib/")).keySet().stream()
                .map(ArchivePath::get).toList());

        List<String> provided = jars.stream().filter(jar -> PROVIDED_BY_PAYARA.matcher(jar).find()).toList();
        assertEquals(List.of(), provided, "jars Payara already provides, among " + jars);
    }

    @Test
    void theWarsMicroprofileConfigFileIsAlsoOnTheEarsLibraryPath() throws IOException {
        EnterpriseArchive ear = ear();
        Node warConfig = war(ear).get("WEB-INF/classes/META-INF/microprofile-config.properties");
        List<String> libConfigs = new ArrayList<>();
        for (ArchivePath jar : ear.getContent(path -> path.get().matches("/lib/[^/]+\\.jar")).keySet()) {
            Node config = ear.getAsType(JavaArchive.class, jar).get("META-INF/microprofile-config.properties");
            if (config != null) {
                libConfigs.add(text(config.getAsset()));
            }
        }

        List<String> expected = warConfig == null ? List.of() : List.of(text(warConfig.getAsset()));
        assertEquals(expected, libConfigs, "microprofile-config.properties of the WAR and of the EAR's lib/");
    }

    private static WebArchive war(EnterpriseArchive ear) {
        return ear.getAsType(WebArchive.class, "migration-plugin.war");
    }

    private static String text(Asset asset) throws IOException {
        try (InputStream in = asset.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URI api(String path) {
        return URI.create(base.toExternalForm() + "api/v1/" + path);
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
