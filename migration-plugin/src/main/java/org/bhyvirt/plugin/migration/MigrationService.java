package org.bhyvirt.plugin.migration;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.managed.MigrationOutcome;
import org.bhyvirt.migration.managed.SourceHost;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.host.HostStopping;
import org.bhyvirt.plugin.host.PluginHost;
import org.bhyvirt.plugin.metrics.MigrationMetrics;
import org.bhyvirt.plugin.peer.PeerAuthentication;
import org.bhyvirt.plugin.peer.PeerSigner;

/**
 * This host's outgoing migrations for the REST API: a {@link MigrationRegistry} whose migrations run
 * on the container's ManagedExecutorService against a {@link RemoteDestination} (the destination
 * plugin's peer API, requests signed with this host's peer secret), counted in the migration
 * metrics. When the host stops (HostStopping, before the driver closes) every running migration is
 * cancelled and awaited, so its guest keeps running here.
 */
@ApplicationScoped
public class MigrationService {
    /** How long the shut-down waits for cancelled migrations to end. */
    static final Duration STOP_WAIT = Duration.ofSeconds(30);
    /** How many ended migrations are remembered. */
    static final int KEEP = 100;
    private static final Logger LOG = Logger.getLogger(MigrationService.class.getName());

    @Inject
    PluginHost host;

    @Inject
    PeerAuthentication peers;

    @Inject
    MigrationMetrics metrics;

    @Inject
    org.bhyvirt.plugin.events.EventPublishing events;

    @Resource
    ManagedExecutorService executor;

    private MigrationRegistry registry;
    private HttpClient client;
    private Jsonb jsonb;

    /**
     * The HTTP client keeps its own threads (completions handed to the managed executor could wait
     * behind the migrations that block on them) and speaks HTTP/1.1 at once (no h2c upgrade attempt
     * inside the guest's downtime).
     */
    @PostConstruct
    void open() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        jsonb = JsonbBuilder.create();
        registry = new MigrationRegistry(() -> new SourceHost(host.driver(), host.vmms()), host::hostName, executor,
                Clock.systemUTC(), new Metrics(metrics), KEEP);
    }

    /**
     * Starts migrating {@code domain} (which must exist here) to the plugin at {@code destination}
     * with {@code options}. INVALID_ARG for an unusable URL, OPERATION_UNSUPPORTED for a native
     * migration (it needs both hosts in one process), OPERATION_INVALID without a peer secret or
     * while the domain migrates already; the driver's NO_DOMAIN for an unknown domain.
     */
    public MigrationView start(String domain, URI destination, MigrationOptions options) {
        if (options.kind() == MigrationKind.NATIVE) {
            throw new MigrationException(MigrationException.Code.OPERATION_UNSUPPORTED, MigrationPhase.BEGIN, "BEGIN",
                    "a native (patched bhyve) migration cannot go to another plugin yet: use LIVE, WARM or COLD");
        }
        URI base = RemoteDestination.normalize(destination);
        PeerSigner signer = peers.signer().orElseThrow(() -> new MigrationException(
                MigrationException.Code.OPERATION_INVALID, MigrationPhase.BEGIN, "BEGIN",
                "this host has no peer secret (bhyvirt.peer.secret-file): it cannot call " + base));
        return start(domain, new RemoteDestination(base, signer, client, jsonb), options);
    }

    /**
     * Starts migrating {@code domain} to {@code destination} (a destination reached another way:
     * a libvirt RPC server for {@code virsh migrate --p2p}) with {@code options}; the migration's
     * events go to Kafka as for any other.
     */
    public MigrationView start(String domain, org.bhyvirt.migration.managed.DestinationHost destination,
                               MigrationOptions options) {
        if (options.kind() == MigrationKind.NATIVE) {
            throw new MigrationException(MigrationException.Code.OPERATION_UNSUPPORTED, MigrationPhase.BEGIN, "BEGIN",
                    "a native (patched bhyve) migration cannot go to another host yet: use LIVE, WARM or COLD");
        }
        java.util.UUID uuid = host.driver().lookupByName(domain).uuid();
        MigrationView first = registry.start(domain, destination, options);
        events.migrationSubscriber(uuid, options).ifPresent(bridge -> registry.subscribe(first.id(), bridge));
        return first;
    }

    /** The defaults of this host's configuration for a migration of {@code kind}. */
    public MigrationOptions defaults(MigrationKind kind) {
        return host.config().migration().options(kind);
    }

    /** Every remembered migration, oldest first. */
    public List<MigrationView> list() {
        return registry.list();
    }

    /** The migration {@code id}; NoSuchElementException when none. */
    public MigrationView get(String id) {
        return registry.get(id);
    }

    /** Asks the migration {@code id} to stop; NoSuchElementException when none. */
    public MigrationView cancel(String id) {
        return registry.cancel(id);
    }

    /** Subscribes to the migration {@code id}'s events; answers the unsubscription. */
    public Runnable subscribe(String id, Consumer<MigrationEvent> subscriber) {
        return registry.subscribe(id, subscriber);
    }

    /** The host stops: running migrations are cancelled and awaited while the driver is open. */
    void onStopping(@Observes HostStopping stopping) {
        stop();
    }

    @PreDestroy
    void stop() {
        MigrationRegistry r = registry;
        if (r != null) {
            int n = r.cancelAll(STOP_WAIT);
            if (n > 0) {
                LOG.info(n + " running migration(s) cancelled at shut-down; their guests run on this host");
            }
        }
    }

    /** The metrics as a registry observer. */
    private record Metrics(MigrationMetrics metrics) implements MigrationObserver {
        @Override
        public void started(MigrationView migration) {
            metrics.started(MigrationKind.valueOf(migration.kind()));
        }

        @Override
        public void ended(MigrationView migration, MigrationOutcome outcome) {
            if (outcome != null) {
                metrics.ended(MigrationKind.valueOf(migration.kind()), outcome);
            }
        }
    }
}
