package org.bhyvirt.plugin.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.events.cloud.CloudEventCodec;
import org.bhyvirt.events.cloud.ReceivedEvent;
import org.bhyvirt.events.kafka.EmbeddedKafkaBroker;
import org.bhyvirt.events.kafka.KafkaEventSink;
import org.bhyvirt.events.kafka.KafkaSettings;
import org.bhyvirt.migration.managed.DriverHosts;
import org.bhyvirt.migration.managed.ManagedDestination;
import org.bhyvirt.migration.managed.SourceHost;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.migration.MigrationObserver;
import org.bhyvirt.plugin.migration.MigrationRegistry;
import org.bhyvirt.plugin.migration.MigrationStatus;
import org.bhyvirt.plugin.migration.MigrationView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's scheduler's view: three emulated hosts each publish their events to one real Kafka
 * broker, as the plugin does (the driver's lifecycle events, and each migration's events through a
 * {@link MigrationEventBridge} subscribed to the host's {@link MigrationRegistry}); two guests
 * move a -> b, a -> c, b -> c and c -> a, the last two while the broker is stopped (its events
 * wait in the hosts' buffers). A consumer group that knows nothing but the two topics then
 * rebuilds, for every domain, the host it runs on and its state, and that view must be the hosts'
 * own; every migration it read went started ... completed.
 */
class SchedulerViewTest {
    private static final List<String> HOSTS = List.of("host-a", "host-b", "host-c");

    private TestBroker kafka;
    private EmbeddedKafkaBroker broker;
    private final Map<String, KafkaEventSink> sinks = new HashMap<>();
    private DriverHosts hosts;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws Exception {
        executor.shutdownNow();
        try {
            sinks.values().forEach(KafkaEventSink::close);
            if (hosts != null) {
                hosts.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @Test
    void aConsumerGroupRebuildsWhereEveryDomainRunsAfterASeriesOfMigrationsBetweenThreeHosts() throws Exception {
        kafka = TestBroker.start();
        broker = kafka.broker;
        for (String h : HOSTS) {
            sinks.put(h, new KafkaEventSink(KafkaSettings.defaults(broker.bootstrapServers(), h), Thread::new));
        }
        hosts = new DriverHosts(HOSTS, name -> sinks.get(name)::publish);
        Map<String, DriverHosts.Host> byName = new LinkedHashMap<>();
        Map<String, MigrationRegistry> registries = new HashMap<>();
        for (int i = 0; i < HOSTS.size(); i++) {
            DriverHosts.Host h = hosts.all.get(i);
            String name = HOSTS.get(i);
            byName.put(name, h);
            registries.put(name, new MigrationRegistry(() -> new SourceHost(h.driver, h.vmms), () -> name, executor,
                    Clock.systemUTC(), MigrationObserver.NONE, 10));
        }
        Path disk = hosts.guestImage("--working-set", "8MiB", "--write-rate", "4MiB/s");
        for (String guest : List.of("g1", "g2")) {
            byName.get("host-a").driver.defineXML(DriverHosts.domainXml(guest, 64, disk), 0);
            byName.get("host-a").driver.start(guest, 0);
            byName.get("host-a").awaitControlSocket(guest);
        }

        List<String[]> series = List.of(new String[] {"g1", "host-a", "host-b"}, new String[] {"g2", "host-a", "host-c"},
                new String[] {"g1", "host-b", "host-c"}, new String[] {"g2", "host-c", "host-a"});
        List<String> migrationIds = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            if (i == 2) {
                broker.stop(); // the last two migrations run while the broker is away
            }
            String[] m = series.get(i);
            long t0 = System.nanoTime();
            migrationIds.add(migrate(m[0], byName.get(m[1]), registries.get(m[1]), m[1], byName.get(m[2])));
            System.out.printf("SchedulerViewTest: %s %s -> %s in %d ms%s%n", m[0], m[1], m[2],
                    (System.nanoTime() - t0) / 1_000_000, i >= 2 ? " (broker away)" : "");
        }
        broker.start();

        Map<String, String[]> truth = new HashMap<>();
        for (Map.Entry<String, DriverHosts.Host> h : byName.entrySet()) {
            DomainDriver d = h.getValue().driver;
            for (DomainRef ref : d.listAllDomains(0)) {
                if (d.getState(ref.name()).isActive()) {
                    truth.put(ref.uuid().toString(), new String[] {h.getKey(),
                            d.getState(ref.name()).state().name().toLowerCase(java.util.Locale.ROOT)});
                }
            }
        }
        assertEquals(2, truth.size(), "each guest runs on exactly one host");

        SchedulerView view = SchedulerView.read(broker.bootstrapServers(), migrationIds.size(), Duration.ofSeconds(60));
        System.out.println("SchedulerViewTest: " + view.describe());
        for (Map.Entry<String, String[]> t : truth.entrySet()) {
            assertEquals(List.of(t.getValue()[0], t.getValue()[1]), view.whereAndState(t.getKey()),
                    "the scheduler's view of " + t.getKey());
        }
        assertEquals(migrationIds.size(), view.migrations().size(), view.describe());
        for (List<String> events : view.migrations().values()) {
            assertEquals("started", events.get(0), events.toString());
            assertEquals("completed", events.get(events.size() - 1), events.toString());
            assertTrue(events.contains("switchover"), events.toString());
        }
    }

    /** Migrates {@code guest} live from {@code from} to {@code to} through the registry; its id. */
    private String migrate(String guest, DriverHosts.Host from, MigrationRegistry registry, String fromName,
            DriverHosts.Host to) throws Exception {
        MigrationOptions options = MigrationOptions.defaults(MigrationKind.LIVE);
        UUID uuid = from.driver.lookupByName(guest).uuid();
        MigrationView first = registry.start(guest, new ManagedDestination(to.driver, to.vmms, to.stateDir,
                InetAddress.getLoopbackAddress()), options);
        registry.subscribe(first.id(), new MigrationEventBridge(fromName, uuid, options, sinks.get(fromName)::publish,
                Clock.systemUTC()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        MigrationView v = registry.get(first.id());
        while (!v.status().terminal()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("migration of " + guest + " did not end: " + v);
            }
            Thread.sleep(50); // the registry's end has no future to await here
            v = registry.get(first.id());
        }
        assertEquals(MigrationStatus.COMPLETED, v.status(), v.toString());
        to.awaitControlSocket(guest);
        return first.id();
    }

    /**
     * What a scheduler knows from the topics alone: per domain and host the state after its last
     * lifecycle event there (the domain runs where that state is active), per migration its events.
     */
    private record SchedulerView(Map<String, Map<String, String>> stateByHost, Map<String, List<String>> migrations) {

        static SchedulerView read(String bootstrap, int completedMigrations, Duration timeout) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "scheduler");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            SchedulerView v = new SchedulerView(new HashMap<>(), new LinkedHashMap<>());
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
                c.subscribe(List.of(KafkaSettings.DEFAULT_LIFECYCLE_TOPIC, KafkaSettings.DEFAULT_MIGRATION_TOPIC));
                long deadline = System.nanoTime() + timeout.toNanos();
                int quietPolls = 0;
                while (System.nanoTime() < deadline && (v.completed() < completedMigrations || quietPolls < 5)) {
                    int n = 0;
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        v.apply(r.key(), CloudEventCodec.decode(r.value()));
                        n++;
                    }
                    quietPolls = n == 0 ? quietPolls + 1 : 0;
                }
            }
            return v;
        }

        void apply(String uuid, ReceivedEvent e) {
            if (e.type().equals(CloudEventCodec.LIFECYCLE_TYPE)) {
                stateByHost.computeIfAbsent(uuid, k -> new HashMap<>()).put(e.data().getString("host"),
                        e.data().getString("state"));
            } else {
                migrations.computeIfAbsent(e.data().getString("migrationId"), k -> new ArrayList<>())
                        .add(e.data().getString("event"));
            }
        }

        long completed() {
            return migrations.values().stream().filter(l -> l.contains("completed")).count();
        }

        /** The host whose last state of the domain is active, and that state; several would be a split brain. */
        List<String> whereAndState(String uuid) {
            List<String> out = new ArrayList<>();
            stateByHost.getOrDefault(uuid, Map.of()).forEach((host, state) -> {
                if (state.equals("running") || state.equals("paused") || state.equals("blocked")) {
                    out.add(host);
                    out.add(state);
                }
            });
            return out;
        }

        String describe() {
            return "states by domain and host " + stateByHost + ", migrations " + migrations.values();
        }
    }
}
