package org.bhyvirt.plugin.migration;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.managed.DestinationHost;
import org.bhyvirt.migration.managed.PreparedIncoming;
import org.bhyvirt.plugin.peer.FinishRequest;
import org.bhyvirt.plugin.peer.PeerOffer;
import org.bhyvirt.plugin.peer.PeerSigner;
import org.bhyvirt.plugin.peer.PeerTimes;
import org.bhyvirt.plugin.peer.PrepareRequest;
import org.bhyvirt.plugin.peer.PreparedAnswer;

/**
 * Another host's plugin as a {@link DestinationHost}, reached over its peer API with signed
 * requests: prepare is {@code POST {base}/api/v1/peer/incoming}, finish
 * {@code POST .../{id}/finish}, cancel {@code DELETE .../{id}} ({@code base} is the plugin's URL,
 * e.g. {@code http://127.0.0.1:8181/bhyvirt}). A refusal by the peer becomes a MigrationException
 * with the libvirt number of its problem document (AUTH_FAILED for a 401), an unreachable peer one
 * with OPERATION_FAILED naming the URL; cancel never throws. Thread-safe.
 */
public final class RemoteDestination implements DestinationHost {
    /** The peer API's path below a plugin's URL. */
    public static final String INCOMING_PATH = "/api/v1/peer/incoming";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FINISH_MARGIN = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(RemoteDestination.class.getName());

    private final URI base;
    private final PeerSigner signer;
    private final HttpClient client;
    private final Jsonb jsonb;

    /** The plugin at {@code base}, called through {@code client} with requests signed by {@code signer}. */
    public RemoteDestination(URI base, PeerSigner signer, HttpClient client, Jsonb jsonb) {
        this.base = normalize(Objects.requireNonNull(base, "base"));
        this.signer = Objects.requireNonNull(signer, "signer");
        this.client = Objects.requireNonNull(client, "client");
        this.jsonb = Objects.requireNonNull(jsonb, "jsonb");
    }

    /**
     * {@code url} as a plugin's base URL: http or https, a host, no query or fragment; a trailing
     * slash is dropped. INVALID_ARG naming the URL otherwise.
     */
    public static URI normalize(URI url) {
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new MigrationException(Code.INVALID_ARG, MigrationPhase.BEGIN, "BEGIN", "destination " + url
                    + " is not a plugin's http(s) URL such as http://127.0.0.1:8181/bhyvirt");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + url.getRawAuthority() + path);
    }

    /** The plugin's base URL. */
    public URI base() {
        return base;
    }

    @Override
    public PreparedIncoming prepare(String domainXml, MigrationOffer offer, Duration idleTimeout) {
        PrepareRequest request = new PrepareRequest(domainXml, PeerOffer.from(offer), idleTimeout.toMillis());
        HttpResponse<String> response = call("POST", INCOMING_PATH, jsonb.toJson(request), CALL_TIMEOUT,
                MigrationPhase.PREPARE);
        PreparedAnswer answer = read(response, PreparedAnswer.class, MigrationPhase.PREPARE);
        warmUp();
        if (answer.id() == null || answer.id().isBlank()) {
            throw new MigrationException(Code.RPC, MigrationPhase.PREPARE, "PREPARE", describe()
                    + " answered prepare without an id");
        }
        return new Remote(answer.id(), answer.toIncoming(base.getHost()));
    }

    /**
     * Has JSON-B set up finish's request and answer now, before the guest pauses: the first use of a
     * type costs milliseconds that would otherwise count as downtime.
     */
    private void warmUp() {
        jsonb.toJson(new FinishRequest(1));
        jsonb.fromJson(jsonb.toJson(new PeerTimes(0, 0, 0)), PeerTimes.class);
    }

    @Override
    public String describe() {
        return base.toString();
    }

    /**
     * One incoming migration prepared on the peer. The peer forgets it at the first finish or
     * cancel, so only the first of them is sent; a later cancel does nothing.
     */
    private final class Remote implements PreparedIncoming {
        private final String id;
        private final Incoming incoming;
        private final AtomicBoolean ended = new AtomicBoolean();

        Remote(String id, Incoming incoming) {
            this.id = id;
            this.incoming = incoming;
        }

        @Override
        public Incoming incoming() {
            return incoming;
        }

        @Override
        public TargetTimes finish(Duration timeout) {
            if (!ended.compareAndSet(false, true)) {
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH",
                        "incoming migration " + id + " on " + describe() + " was already cancelled or finished");
            }
            String body = jsonb.toJson(new FinishRequest(Math.max(1, timeout.toMillis())));
            HttpResponse<String> response = call("POST", INCOMING_PATH + "/" + id + "/finish", body,
                    timeout.plus(FINISH_MARGIN), MigrationPhase.FINISH);
            return read(response, PeerTimes.class, MigrationPhase.FINISH).toTimes();
        }

        @Override
        public void cancel() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            try {
                HttpResponse<String> r = call("DELETE", INCOMING_PATH + "/" + id, "", CALL_TIMEOUT,
                        MigrationPhase.FINISH);
                if (r.statusCode() / 100 != 2 && r.statusCode() != 404) {
                    LOG.log(System.Logger.Level.WARNING, "cancelling incoming migration " + id + " on " + describe()
                            + ": " + failure(r, MigrationPhase.FINISH).getMessage());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cancelling incoming migration " + id + " on " + describe()
                        + " failed: " + e.getMessage());
            }
        }
    }

    private HttpResponse<String> call(String method, String path, String body, Duration timeout, MigrationPhase phase) {
        URI uri = URI.create(base + path);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Accept", "application/json");
        if (bytes.length > 0) {
            b.header("Content-Type", "application/json");
        }
        for (Map.Entry<String, String> h : signer.sign(method, uri.getRawPath(), bytes).entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MigrationException(Code.OPERATION_FAILED, phase, phase.name(), "the destination " + describe()
                    + " did not answer " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(Code.OPERATION_ABORTED, phase, phase.name(), "interrupted while calling "
                    + describe(), e);
        }
    }

    private <T> T read(HttpResponse<String> response, Class<T> type, MigrationPhase phase) {
        if (response.statusCode() / 100 != 2) {
            throw failure(response, phase);
        }
        try {
            T value = jsonb.fromJson(response.body(), type);
            if (value == null) {
                throw new JsonbException("empty body");
            }
            return value;
        } catch (JsonbException | IllegalArgumentException e) {
            throw new MigrationException(Code.RPC, phase, phase.name(), describe() + " answered " + phase.label()
                    + " with an unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The MigrationException for a refusal: the problem document's libvirt number and detail. */
    private MigrationException failure(HttpResponse<String> response, MigrationPhase phase) {
        int status = response.statusCode();
        PeerProblem problem = null;
        try {
            problem = jsonb.fromJson(response.body(), PeerProblem.class);
        } catch (JsonbException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "the answer " + status + " of " + describe() + " is no problem document");
        }
        Code code = problem != null && problem.libvirtError() != null ? Code.ofNumber(problem.libvirtError())
                : status == 401 ? Code.AUTH_FAILED : Code.OPERATION_FAILED;
        String body = response.body() == null ? "" : response.body();
        String detail = problem != null && problem.detail() != null ? problem.detail()
                : body.substring(0, Math.min(200, body.length()));
        return new MigrationException(code, phase, phase.name(), "the destination " + describe() + " refused "
                + phase.label() + " (HTTP " + status + "): " + detail);
    }
}
