package org.bhyvirt.plugin.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.managed.DriverHosts;
import org.bhyvirt.migration.managed.ManagedDestination;
import org.bhyvirt.migration.managed.SourceHost;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.peer.IncomingMigrations;
import org.bhyvirt.plugin.peer.PeerHttpServer;
import org.bhyvirt.plugin.peer.PeerSecret;
import org.bhyvirt.plugin.peer.PeerSigner;
import org.bhyvirt.plugin.peer.PeerVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two emulated hosts in one JVM, the destination's peer API served over real HTTP on loopback
 * ({@link PeerHttpServer}: the same verifier and incoming-migration logic as the plugin's), the
 * source migrating through {@link MigrationRegistry} and {@link RemoteDestination} with signed
 * requests: the guest moves with its self-check intact and the events arrive in the contract's
 * order; a wrong secret, a cancel and a native migration all leave the guest running on the source
 * and nothing on the destination.
 */
class RemoteMigrationTest {
    private static final String NAME = "remote";
    private static final PeerSecret SECRET = PeerSecret.of("two hosts share this secret".getBytes(StandardCharsets.UTF_8));

    private DriverHosts hosts;
    private IncomingMigrations incoming;
    private PeerHttpServer peer;
    private Jsonb jsonb;
    private ExecutorService threads;
    private MigrationRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        hosts = new DriverHosts();
        jsonb = JsonbBuilder.create();
        threads = Executors.newCachedThreadPool();
        Path disk = hosts.guestImage("--working-set", "64MiB", "--write-rate", "16MiB/s", "--pattern", "random");
        hosts.source.driver.defineXML(DriverHosts.domainXml(NAME, 256, disk), 0);
        hosts.source.driver.start(NAME, 0);
        hosts.source.awaitControlSocket(NAME);
        ManagedDestination destination = new ManagedDestination(hosts.destination.driver, hosts.destination.vmms,
                hosts.destination.stateDir, InetAddress.getLoopbackAddress());
        incoming = new IncomingMigrations(destination, Clock.systemUTC(), Duration.ofHours(1));
        peer = new PeerHttpServer(PeerVerifier.withDefaults(Optional.of(SECRET), Clock.systemUTC()), incoming, jsonb);
        registry = new MigrationRegistry(() -> new SourceHost(hosts.source.driver, hosts.source.vmms),
                () -> "source-host", threads, Clock.systemUTC(), MigrationObserver.NONE, 10);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            registry.cancelAll(Duration.ofSeconds(30));
            incoming.cancelAll();
            peer.close();
            threads.shutdownNow();
            jsonb.close();
        } finally {
            hosts.close();
        }
    }

    private RemoteDestination remote(PeerSecret secret) {
        return new RemoteDestination(peer.base(), new PeerSigner(secret, Clock.systemUTC()),
                HttpClient.newHttpClient(), jsonb);
    }

    /** Subscribes and answers the events as they come, and a future of the last one. */
    private CompletableFuture<MigrationEvent> follow(String id, List<MigrationEvent> events) {
        CompletableFuture<MigrationEvent> last = new CompletableFuture<>();
        registry.subscribe(id, e -> {
            events.add(e);
            if (e.terminal()) {
                last.complete(e);
            }
        });
        return last;
    }

    private void assertGuestRunsOnTheSourceOnly() throws Exception {
        assertTrue(hosts.source.driver.getState(NAME).isActive(), "the guest runs on the source");
        assertEquals("true", hosts.source.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertEquals(0, incoming.size(), "no incoming migration is left on the destination");
        assertTrue(hosts.destination.driver.listAllDomains(0).isEmpty(), "the destination has no domain");
    }

    @Test
    void aLiveMigrationOverThePeerApiMovesTheGuestAndStreamsPhaseProgressThenCompleted() throws Exception {
        String bootId = hosts.source.ctl(hosts.bin, NAME, "status").get("bootId");
        MigrationView started = registry.start(NAME, remote(SECRET), MigrationOptions.defaults(MigrationKind.LIVE));
        assertEquals(MigrationStatus.RUNNING, started.status());
        assertEquals(peer.base().toString(), started.destination());
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        MigrationEvent last = follow(started.id(), events).get(120, TimeUnit.SECONDS);

        assertEquals("completed", last.name(), String.valueOf(last.migration().error()));
        MigrationView done = registry.get(started.id());
        assertEquals(MigrationStatus.COMPLETED, done.status());
        assertNotNull(done.result());
        assertTrue(done.result().downtimeMs() > 0 && done.result().bytes() > 0 && done.result().rounds() >= 1,
                done.result().toString());
        assertNotNull(done.endedAt());
        List<String> names = events.stream().map(MigrationEvent::name).distinct().toList();
        assertEquals(List.of("phase", "progress", "completed"), names.stream().filter(n -> !n.equals("phase")
                || names.indexOf(n) == 0).toList());
        assertEquals("completed", events.get(events.size() - 1).name());
        assertTrue(events.stream().filter(e -> e.name().equals("phase")).map(e -> e.migration().phase()).toList()
                .containsAll(List.of("PREPARE", "PERFORM", "FINISH", "CONFIRM")), events.toString());
        assertEquals(List.of(201, 200), peer.statuses, "prepare, then finish");

        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason());
        assertEquals(DomainStateReason.SHUTOFF_MIGRATED, hosts.source.driver.getState(NAME).reason());
        Map<String, String> check = hosts.destination.ctl(hosts.bin, NAME, "self-check");
        assertEquals("true", check.get("healthy"), check.toString());
        assertEquals(bootId, hosts.destination.ctl(hosts.bin, NAME, "status").get("bootId"));
        assertEquals(0, incoming.size());
    }

    @Test
    void aColdMigrationOverThePeerApiMovesTheGuest() throws Exception {
        MigrationView started = registry.start(NAME, remote(SECRET), MigrationOptions.defaults(MigrationKind.COLD));
        MigrationEvent last = follow(started.id(), new CopyOnWriteArrayList<>()).get(120, TimeUnit.SECONDS);

        assertEquals("completed", last.name(), String.valueOf(last.migration().error()));
        assertEquals(DomainStateReason.RUNNING_MIGRATED, hosts.destination.driver.getState(NAME).reason());
        hosts.destination.awaitControlSocket(NAME); // the restored bhyve binds its socket a moment after it runs
        assertEquals("true", hosts.destination.ctl(hosts.bin, NAME, "self-check").get("healthy"));
        assertTrue(last.migration().result().downtimeMs() > 0);
        assertEquals(List.of(201, 200), peer.statuses, "prepare, then finish");
    }

    @Test
    void aRequestSignedWithAnotherSecretIsRefusedAtPrepareAndTheGuestStaysOnTheSource() throws Exception {
        PeerSecret wrong = PeerSecret.of("not the secret the hosts share".getBytes(StandardCharsets.UTF_8));
        MigrationView started = registry.start(NAME, remote(wrong), MigrationOptions.defaults(MigrationKind.LIVE));
        MigrationEvent last = follow(started.id(), new CopyOnWriteArrayList<>()).get(60, TimeUnit.SECONDS);

        assertEquals("failed", last.name());
        ErrorView error = last.migration().error();
        assertEquals(MigrationException.Code.AUTH_FAILED.number(), error.libvirtError(), error.toString());
        assertEquals("PREPARE", error.phase());
        assertTrue(error.message().contains("bad signature"), error.message());
        assertEquals(List.of(401), peer.statuses);
        assertGuestRunsOnTheSourceOnly();
    }

    @Test
    void aMigrationCancelledDuringPerformLeavesTheGuestOnTheSourceAndCancelsTheIncomingOne() throws Exception {
        MigrationOptions slow = MigrationOptions.defaults(MigrationKind.LIVE).withBandwidthLimit(4L << 20);
        MigrationView started = registry.start(NAME, remote(SECRET), slow);
        List<MigrationEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<MigrationEvent> progress = new CompletableFuture<>();
        CompletableFuture<MigrationEvent> last = new CompletableFuture<>();
        registry.subscribe(started.id(), e -> {
            events.add(e);
            if (e.name().equals("progress")) {
                progress.complete(e);
            }
            if (e.terminal()) {
                last.complete(e);
            }
        });
        progress.get(60, TimeUnit.SECONDS);
        registry.cancel(started.id());
        MigrationEvent end = last.get(60, TimeUnit.SECONDS);

        assertEquals("cancelled", end.name(), String.valueOf(end.migration().error()));
        assertEquals(MigrationStatus.CANCELLED, registry.get(started.id()).status());
        assertEquals(List.of(201, 204), peer.statuses, "prepare, then the cancel on the destination");
        assertGuestRunsOnTheSourceOnly();
    }

    @Test
    void aNativeMigrationToARemoteHostIsRefusedAsUnsupportedBeforeBegin() throws Exception {
        MigrationView started = registry.start(NAME, remote(SECRET), MigrationOptions.defaults(MigrationKind.NATIVE));
        MigrationEvent last = follow(started.id(), new CopyOnWriteArrayList<>()).get(60, TimeUnit.SECONDS);

        assertEquals("failed", last.name());
        assertEquals(MigrationException.Code.OPERATION_UNSUPPORTED.number(), last.migration().error().libvirtError());
        assertEquals(List.of(), peer.statuses, "the destination was never called");
        assertTrue(hosts.source.driver.migration().job(NAME).isEmpty(), "no job was begun");
        assertGuestRunsOnTheSourceOnly();
    }

    @Test
    void aMigrationOfAnUnknownDomainFailsAtBeginAndCallsNoDestination() throws Exception {
        MigrationView started = registry.start("nosuch", remote(SECRET), MigrationOptions.defaults(MigrationKind.LIVE));
        MigrationEvent last = follow(started.id(), new CopyOnWriteArrayList<>()).get(60, TimeUnit.SECONDS);

        assertEquals("failed", last.name());
        assertEquals("BEGIN", last.migration().error().phase());
        assertEquals(List.of(), peer.statuses);
        try {
            hosts.destination.driver.lookupByName("nosuch");
            throw new AssertionError("the destination knows nosuch");
        } catch (BhyveDriverException e) {
            assertEquals(VirErrorNumber.NO_DOMAIN, e.number());
        }
    }
}
