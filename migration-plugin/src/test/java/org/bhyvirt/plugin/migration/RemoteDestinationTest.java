package org.bhyvirt.plugin.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.managed.DestinationHost;
import org.bhyvirt.migration.managed.PreparedIncoming;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.protocol.MigrationToken;
import org.bhyvirt.plugin.peer.IncomingMigrations;
import org.bhyvirt.plugin.peer.PeerHttpServer;
import org.bhyvirt.plugin.peer.PeerSecret;
import org.bhyvirt.plugin.peer.PeerSigner;
import org.bhyvirt.plugin.peer.PeerVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RemoteDestination} against the peer API's logic over real HTTP, the destination side a
 * scripted host: prepare, finish and cancel reach it once each with their values intact; a refusal
 * keeps the peer's libvirt number and detail; an unreachable peer is OPERATION_FAILED naming its URL;
 * only http(s) base URLs without query are taken.
 */
class RemoteDestinationTest {
    private static final PeerSecret SECRET = PeerSecret.of("secret shared by both of the hosts".getBytes(
            StandardCharsets.UTF_8));
    private static final MigrationOffer OFFER = new MigrationOffer("guest", 1L << 30, 2, "host", List.of(),
            MigrationOptions.defaults(MigrationKind.LIVE));

    /** A destination whose prepare and finish do what the test says. */
    private static final class Scripted implements DestinationHost {
        final List<String> log = new CopyOnWriteArrayList<>();
        final Incoming incoming = new Incoming(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40001),
                MigrationToken.random(new SecureRandom()));
        volatile MigrationException prepareFails;

        @Override
        public PreparedIncoming prepare(String domainXml, MigrationOffer offer, Duration idleTimeout) {
            log.add("prepare " + offer.name() + " " + domainXml + " idle " + idleTimeout.toMillis());
            if (prepareFails != null) {
                throw prepareFails;
            }
            return new PreparedIncoming() {
                @Override
                public Incoming incoming() {
                    return incoming;
                }

                @Override
                public TargetTimes finish(Duration timeout) {
                    log.add("finish " + timeout.toMillis());
                    return new TargetTimes(Duration.ofNanos(11), Duration.ofNanos(22), Duration.ofNanos(33));
                }

                @Override
                public void cancel() {
                    log.add("cancel");
                }
            };
        }

        @Override
        public String describe() {
            return "scripted";
        }
    }

    private final Scripted host = new Scripted();
    private Jsonb jsonb;
    private PeerHttpServer peer;

    @BeforeEach
    void start() throws Exception {
        jsonb = JsonbBuilder.create();
        peer = new PeerHttpServer(PeerVerifier.withDefaults(Optional.of(SECRET), Clock.systemUTC()),
                new IncomingMigrations(host, Clock.systemUTC(), Duration.ofHours(1)), jsonb);
    }

    @AfterEach
    void stop() throws Exception {
        peer.close();
        jsonb.close();
    }

    private RemoteDestination remote(URI base) {
        return new RemoteDestination(base, new PeerSigner(SECRET, Clock.systemUTC()), HttpClient.newHttpClient(), jsonb);
    }

    @Test
    void prepareAndFinishReachThePeerWithTheirValuesIntact() {
        PreparedIncoming p = remote(peer.base()).prepare("<domain/>", OFFER, Duration.ofSeconds(7));
        assertEquals(host.incoming, p.incoming());
        assertEquals(new TargetTimes(Duration.ofNanos(11), Duration.ofNanos(22), Duration.ofNanos(33)),
                p.finish(Duration.ofSeconds(60)));
        p.cancel();
        assertEquals(List.of("prepare guest <domain/> idle 7000", "finish 60000"), host.log);
        assertEquals(List.of(201, 200), peer.statuses, "a cancel after finish is not sent");
    }

    @Test
    void cancelReachesThePeerOnceAndFinishAfterItIsRefused() {
        PreparedIncoming p = remote(peer.base()).prepare("<domain/>", OFFER, Duration.ofSeconds(7));
        p.cancel();
        p.cancel();
        MigrationException e = assertThrows(MigrationException.class, () -> p.finish(Duration.ofSeconds(1)));
        assertEquals(MigrationException.Code.OPERATION_ABORTED, e.code());
        assertEquals(List.of(201, 204), peer.statuses);
        assertEquals("cancel", host.log.get(host.log.size() - 1));
    }

    @Test
    void aRefusedPrepareKeepsThePeersLibvirtNumberAndDetail() {
        host.prepareFails = new MigrationException(MigrationException.Code.CONFIG_UNSUPPORTED,
                org.bhyvirt.migration.MigrationPhase.PREPARE, "PREPARE", "this host cannot run 64 vCPUs");
        MigrationException e = assertThrows(MigrationException.class,
                () -> remote(peer.base()).prepare("<domain/>", OFFER, Duration.ofSeconds(7)));
        assertEquals(MigrationException.Code.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("64 vCPUs") && e.getMessage().contains("HTTP 409"), e.getMessage());
        assertEquals(List.of(409), peer.statuses);
    }

    @Test
    void anUnreachablePeerIsOperationFailedNamingItsUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI gone = URI.create("http://127.0.0.1:" + port + "/bhyvirt");
        MigrationException e = assertThrows(MigrationException.class,
                () -> remote(gone).prepare("<domain/>", OFFER, Duration.ofSeconds(7)));
        assertEquals(MigrationException.Code.OPERATION_FAILED, e.code());
        assertTrue(e.getMessage().contains(gone.toString()), e.getMessage());
    }

    @Test
    void onlyHttpBaseUrlsWithoutQueryAreTakenAndATrailingSlashIsDropped() {
        assertEquals(URI.create("http://h:8181/bhyvirt"), RemoteDestination.normalize(URI.create("http://h:8181/bhyvirt/")));
        assertEquals(URI.create("https://h"), RemoteDestination.normalize(URI.create("https://h")));
        for (String bad : List.of("ftp://h/bhyvirt", "http:///x", "http://h/bhyvirt?x=1", "http://h/bhyvirt#f",
                "/bhyvirt")) {
            MigrationException e = assertThrows(MigrationException.class,
                    () -> RemoteDestination.normalize(URI.create(bad)), bad);
            assertEquals(MigrationException.Code.INVALID_ARG, e.code());
        }
    }
}
