package org.bhyvirt.cli.rest;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The REST API of one host ({@code BASE/api/v1}, BASE as {@code http://127.0.0.1:8181/bhyvirt}) over
 * the JDK's HTTP client, HTTP/1.1. Every call either returns the contract's document or throws
 * {@link ApiException} carrying the host's problem document (status 0 when the host did not answer).
 */
public final class HostApi {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

    private final String base;
    private final URI api;
    private final HttpClient http;

    public HostApi(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.api = URI.create(this.base + "/api/v1/");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The base URL, as another host is told to reach this one. */
    public String base() {
        return base;
    }

    /** GET /host. */
    public JsonObject host() {
        return JsonMapping.object(call("GET", "host", null, null));
    }

    /** POST /domains with the domain XML. */
    public DomainSummary define(String xml) {
        return JsonMapping.domainSummary(JsonMapping.object(call("POST", "domains", "application/xml", xml)));
    }

    /** GET /domains/{name}. */
    public DomainSummary domain(String name) {
        return JsonMapping.domainSummary(JsonMapping.object(call("GET", "domains/" + seg(name), null, null)));
    }

    /** GET /domains/{name}, empty when the host has no such domain (404). */
    public Optional<DomainSummary> findDomain(String name) {
        try {
            return Optional.of(domain(name));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** GET /domains. */
    public List<DomainSummary> domains() {
        String body = call("GET", "domains", null, null);
        List<DomainSummary> out = new ArrayList<>();
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonArray array = reader.readArray();
            for (JsonValue v : array) {
                out.add(JsonMapping.domainSummary(v.asJsonObject()));
            }
        }
        return out;
    }

    /** POST /domains/{name}/{action}: start, shutdown, reboot, destroy, suspend or resume. */
    public DomainSummary action(String name, String action) {
        return JsonMapping.domainSummary(JsonMapping.object(
                call("POST", "domains/" + seg(name) + "/" + action, "application/json", "{}")));
    }

    /** DELETE /domains/{name} (undefine). */
    public void undefine(String name) {
        call("DELETE", "domains/" + seg(name), null, null);
    }

    /** POST /migrations. */
    public Migration startMigration(MigrationRequest request) {
        String body = JsonMapping.migrationRequest(request).toString();
        return JsonMapping.migration(JsonMapping.object(call("POST", "migrations", "application/json", body)));
    }

    /** GET /migrations/{id}. */
    public Migration migration(String id) {
        return JsonMapping.migration(JsonMapping.object(call("GET", "migrations/" + seg(id), null, null)));
    }

    /**
     * Follows GET /migrations/{id}/events, handing each event to {@code onEvent} as it arrives, until the
     * stream ends or {@code timeout} passes (then the stream is closed and the method returns).
     *
     * @return whether the stream ended by itself before the timeout
     */
    public boolean followEvents(String id, Consumer<SseEvent> onEvent, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("migrations/" + seg(id) + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build();
        String line = "GET " + request.uri();
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new ApiException(line, 0, unanswered(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(line, 0, unanswered(e));
        }
        if (response.statusCode() != 200) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            throw failure(line, response.statusCode(), body);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-watchdog");
            t.setDaemon(true);
            return t;
        });
        try (Stream<String> lines = response.body()) {
            watchdog.schedule(() -> {
                timedOut.set(true);
                lines.close();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            SseParser parser = new SseParser();
            Iterator<String> it = lines.iterator();
            while (true) {
                String next;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    next = it.next();
                } catch (RuntimeException e) {
                    if (timedOut.get()) {
                        break;
                    }
                    throw new ApiException(line, 0, unanswered(e));
                }
                parser.accept(next).ifPresent(onEvent);
            }
            parser.accept("").ifPresent(onEvent);
        } finally {
            watchdog.shutdownNow();
        }
        return !timedOut.get();
    }

    private String call(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(CALL_TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpRequest request = b.build();
        String line = method + " " + request.uri();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(line, 0, unanswered(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(line, 0, unanswered(e));
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(line, response.statusCode(), response.body());
        }
        return response.body();
    }

    /** The host's problem document, or one naming the status and the body when the body is not one. */
    static ApiException failure(String line, int status, String body) {
        Problem problem;
        try {
            problem = JsonMapping.problem(JsonMapping.object(body), status);
        } catch (IllegalArgumentException notJson) {
            String text = body == null ? "" : body.strip().replaceAll("\\s+", " ");
            problem = new Problem("about:blank", "HTTP " + status, status,
                    text.length() > 300 ? text.substring(0, 300) + "..." : text, 0, "");
        }
        return new ApiException(line, status, problem);
    }

    private static Problem unanswered(Exception e) {
        return new Problem("about:blank", "no answer", 0, e.toString(), 0, "");
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
