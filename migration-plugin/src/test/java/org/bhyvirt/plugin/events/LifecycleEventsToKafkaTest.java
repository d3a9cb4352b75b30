package org.bhyvirt.plugin.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.state.DomainState;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.events.cloud.CloudEventCodec;
import org.bhyvirt.events.cloud.ReceivedEvent;
import org.bhyvirt.events.kafka.EmbeddedKafkaBroker;
import org.bhyvirt.events.kafka.KafkaEventSink;
import org.bhyvirt.events.kafka.KafkaSettings;
import org.bhyvirt.migration.managed.DriverHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every lifecycle transition of a domain reaches Kafka as the driver announced it: define, start,
 * suspend, resume, save, restore, shutdown, start, destroy and undefine, the middle of it while the
 * broker is stopped. The calls are not slowed by the missing broker, and once it is back the
 * lifecycle topic holds exactly the driver's events of the domain, in order, with the state after
 * each.
 */
class LifecycleEventsToKafkaTest {
    private static final String GUEST = "life";

    private TestBroker kafka;
    private EmbeddedKafkaBroker broker;
    private KafkaEventSink sink;
    private DriverHosts hosts;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (sink != null) {
                sink.close();
            }
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
    void everyTransitionArrivesInOrderAlsoThoseMadeWhileTheBrokerWasAway() throws Exception {
        kafka = TestBroker.start();
        broker = kafka.broker;
        sink = new KafkaEventSink(KafkaSettings.defaults(broker.bootstrapServers(), "host-a"), Thread::new);
        hosts = new DriverHosts(List.of("host-a", "host-b"), name -> name.equals("host-a") ? sink::publish : e -> { });
        DomainDriver d = hosts.source.driver;
        Path disk = hosts.guestImage("--working-set", "4MiB");
        d.defineXML(DriverHosts.domainXml(GUEST, 64, disk), 0);
        UUID uuid = d.lookupByName(GUEST).uuid();
        d.start(GUEST, 0);
        hosts.source.awaitControlSocket(GUEST);

        broker.stop();
        long t0 = System.nanoTime();
        d.suspend(GUEST);
        d.resume(GUEST);
        Path saved = hosts.source.stateDir.resolve("life.save");
        d.save(GUEST, saved, 0);
        d.restore(saved, 0);
        hosts.source.awaitControlSocket(GUEST);
        long awayMs = (System.nanoTime() - t0) / 1_000_000;
        broker.start();

        d.shutdown(GUEST, 0);
        awaitState(d, DomainState.SHUTOFF);
        d.start(GUEST, 0);
        hosts.source.awaitControlSocket(GUEST);
        d.destroy(GUEST, 0);
        d.undefine(GUEST, 0);

        List<String> expected = hosts.source.events.stream().filter(e -> e.domainUuid().equals(uuid))
                .map(e -> detail(e) + " -> " + e.statusAfter().reason().name().toLowerCase(Locale.ROOT)).toList();
        List<String> published = consume(uuid, expected.size(), Duration.ofSeconds(60));
        System.out.printf("LifecycleEventsToKafkaTest: %d events, the calls made while the broker was away took %d ms%n",
                published.size(), awayMs);
        assertEquals(List.of("defined_added", "started_booted", "suspended_paused", "resumed_unpaused",
                "stopped_saved", "started_restored", "stopped_shutdown", "started_booted", "stopped_destroyed",
                "undefined_removed"), expected.stream().map(x -> x.substring(0, x.indexOf(' '))).toList(),
                "the driver's own events of the domain");
        assertEquals(expected, published, "the lifecycle topic holds exactly those, in order");
        assertTrue(sink.stats().dropped() == 0, sink.stats().toString());
    }

    private static String detail(LifecycleEvent e) {
        return e.detail().name().toLowerCase(Locale.ROOT);
    }

    private static void awaitState(DomainDriver d, DomainState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (d.getState(GUEST).state() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(GUEST + " is " + d.getState(GUEST) + ", not " + state);
            }
            Thread.sleep(50); // the guest powers off by itself after the ACPI request
        }
    }

    private List<String> consume(UUID uuid, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "lifecycle-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(KafkaSettings.DEFAULT_LIFECYCLE_TOPIC));
            long deadline = System.nanoTime() + timeout.toNanos();
            int quiet = 0;
            while (System.nanoTime() < deadline && (out.size() < count || quiet < 3)) {
                int n = 0;
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(uuid.toString())) {
                        ReceivedEvent e = CloudEventCodec.decode(r.value());
                        out.add(e.data().getString("detail") + " -> " + e.data().getString("reason"));
                        n++;
                    }
                }
                quiet = n == 0 ? quiet + 1 : 0;
            }
        }
        return out;
    }
}
