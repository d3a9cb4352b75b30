package org.bhyvirt.plugin.peer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.bind.Jsonb;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bhyvirt.migration.MigrationException;

/**
 * The peer API's logic served over real HTTP without an application server (the JDK's
 * com.sun.net.httpserver): the same {@link PeerVerifier} and {@link IncomingMigrations} the
 * JAX-RS resource uses, at {@code /bhyvirt/api/v1/peer/incoming} on an ephemeral loopback port,
 * answering refusals as problem documents. Records every request's status for the tests.
 */
public final class PeerHttpServer implements AutoCloseable {
    /** The context root the plugin is deployed at. */
    public static final String CONTEXT = "/bhyvirt";
    private static final String PREFIX = CONTEXT + "/api/v1/peer/incoming";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final PeerVerifier verifier;
    private final IncomingMigrations incoming;
    private final Jsonb jsonb;
    /** Every answer's status, in order. */
    public final java.util.List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PeerHttpServer(PeerVerifier verifier, IncomingMigrations incoming, Jsonb jsonb) throws IOException {
        this.verifier = verifier;
        this.incoming = incoming;
        this.jsonb = jsonb;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The plugin's base URL, e.g. http://127.0.0.1:40123/bhyvirt. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + CONTEXT);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            String target = x.getRequestURI().getRawPath();
            String method = x.getRequestMethod();
            try {
                verifier.verify(method, target, x.getRequestHeaders()::getFirst, body);
            } catch (PeerAuthException e) {
                problem(x, 401, PeerAuthException.LIBVIRT_NUMBER, PeerAuthException.LIBVIRT_NAME, e.getMessage());
                return;
            }
            String rest = target.substring(PREFIX.length());
            try {
                if (method.equals("POST") && rest.isEmpty()) {
                    PreparedAnswer a = incoming.prepare(jsonb.fromJson(new String(body, StandardCharsets.UTF_8),
                            PrepareRequest.class));
                    json(x, 201, jsonb.toJson(a));
                } else if (method.equals("POST") && rest.matches("/[^/]+/finish")) {
                    FinishRequest f = jsonb.fromJson(new String(body, StandardCharsets.UTF_8), FinishRequest.class);
                    PeerTimes t = incoming.finish(rest.substring(1, rest.length() - "/finish".length()),
                            Duration.ofMillis(f.timeoutMs()));
                    json(x, 200, jsonb.toJson(t));
                } else if (method.equals("DELETE") && rest.matches("/[^/]+")) {
                    incoming.cancel(rest.substring(1));
                    statuses.add(204);
                    x.sendResponseHeaders(204, -1);
                } else {
                    problem(x, 404, null, null, "no peer resource " + method + " " + target);
                }
            } catch (MigrationException e) {
                problem(x, MigrationErrorStatus.of(e.code()), e.code().number(), e.code().name(), e.getMessage());
            } catch (NoSuchElementException e) {
                problem(x, 404, null, null, e.getMessage());
            }
        }
    }

    private void json(HttpExchange x, int status, String json) throws IOException {
        statuses.add(status);
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    private void problem(HttpExchange x, int status, Integer number, String name, String detail) throws IOException {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", "refused");
        p.put("status", status);
        p.put("detail", detail);
        if (number != null) {
            p.put("libvirtError", number);
            p.put("libvirtErrorName", name);
        }
        statuses.add(status);
        byte[] b = jsonb.toJson(p).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/problem+json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
