package org.bhyvirt.it.ear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built EAR (ear/target, copied to the system property {@code bhyvirt.it.ear}) deploys on a
 * managed full Payara Server 6 and its web module answers at {@code /bhyvirt}. The deployment's
 * MicroProfile Config comes from the domain's system properties ({@link PayaraServerDomain}).
 * One server start for the whole class.
 */
@Tag("payara-server")
@RunAsClient
class EarDeploymentTest {

    private static final String HOST_NAME = "ear-host";
    private static final String APPLICATION = "bhyvirt";

    @RegisterExtension
    @Order(1)
    static final PayaraServerDomain DOMAIN = new PayaraServerDomain(HOST_NAME, APPLICATION);

    @RegisterExtension
    @Order(2)
    static final ArquillianExtension ARQUILLIAN = new ArquillianExtension();

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

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
