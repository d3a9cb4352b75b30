package org.bhyvirt.cli.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a small HTTP server of the JDK standing in for a host (loopback, ephemeral port). */
class HostApiTest {

    private HttpServer server;
    private HostApi api;
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> requests = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/bhyvirt/api/v1/", this::handle);
        server.start();
        api = new HostApi("http://127.0.0.1:" + server.getAddress().getPort() + "/bhyvirt/");
    }

    @AfterEach
    void stopServer() {
        released.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath().substring("/bhyvirt/api/v1/".length());
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (requests) {
            requests.add(ex.getRequestMethod() + " " + path + " " + body);
        }
        switch (path) {
            case "domains/missing" -> send(ex, 404, "application/problem+json", """
                    {"type":"urn:x","title":"Not Found","status":404,"detail":"no domain 'missing'",
                     "libvirtError":42,"libvirtErrorName":"NO_DOMAIN"}""");
            case "domains/g" -> send(ex, 200, "application/json", """
                    {"name":"g","uuid":"u","id":7,"state":"running","reason":"booted","persistent":true,
                     "vcpus":2,"memoryKiB":1024,"maxMemoryKiB":1024}""");
            case "migrations" -> send(ex, 202, "application/json", """
                    {"id":"m1","domain":"g","kind":"LIVE","status":"RUNNING"}""");
            case "migrations/m1/events" -> {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(("event: phase\ndata: {\"phase\":\"PERFORM\",\"status\":\"RUNNING\"}\n\n"
                            + ": comment\nevent: progress\ndata: {\"status\":\"RUNNING\",\"progress\":{\"round\":1}}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    out.write("event: completed\ndata: {\"status\":\"COMPLETED\"}\n\n".getBytes(StandardCharsets.UTF_8));
                }
            }
            case "migrations/slow/events" -> {
                ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write("event: phase\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    released.await(30, TimeUnit.SECONDS); // never ends by itself within the test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException clientLeft) {
                    // the client closed the stream at its timeout
                }
            }
            default -> send(ex, 502, "text/html", "<html>Bad Gateway</html>");
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void aProblemDocumentBecomesAnApiExceptionWithLibvirtsError() {
        ApiException e = assertThrows(ApiException.class, () -> api.domain("missing"));
        assertEquals(404, e.status());
        assertEquals(42, e.problem().libvirtError());
        assertEquals(Optional.empty(), api.findDomain("missing"), "404 means no such domain");
    }

    @Test
    void aBodyThatIsNoProblemDocumentStillFailsWithTheStatus() {
        ApiException e = assertThrows(ApiException.class, () -> api.action("other", "start"));
        assertEquals(502, e.status());
    }

    @Test
    void aDomainIsReadAndAMigrationRequestCarriesItsJson() {
        assertTrue(api.domain("g").active());
        Migration m = api.startMigration(MigrationRequest.live("g", "http://127.0.0.1:1/bhyvirt"));
        assertEquals("m1", m.id());
        synchronized (requests) {
            assertEquals("POST migrations {\"domain\":\"g\",\"destination\":\"http://127.0.0.1:1/bhyvirt\",\"kind\":\"LIVE\"}",
                    requests.get(requests.size() - 1));
        }
    }

    @Test
    void theEventStreamIsFollowedToItsEnd() {
        List<String> names = new ArrayList<>();
        boolean ended = api.followEvents("m1", e -> names.add(e.name()), Duration.ofSeconds(20));
        assertTrue(ended);
        assertEquals(List.of("phase", "progress", "completed"), names);
    }

    @Test
    void aStreamThatDoesNotEndIsClosedAtTheTimeout() {
        List<String> names = new ArrayList<>();
        long t0 = System.nanoTime();
        boolean ended = api.followEvents("slow", e -> names.add(e.name()), Duration.ofMillis(500));
        assertFalse(ended);
        assertEquals(List.of("phase"), names);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "returned soon after the timeout");
    }
}
