package org.bhyvirt.events.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bhyvirt.driver.event.LifecycleEventDetail;
import org.bhyvirt.events.MigrationEventType;
import org.bhyvirt.events.SampleEvents;
import org.bhyvirt.events.SinkStats;
import org.bhyvirt.events.cloud.CloudEventCodec;
import org.bhyvirt.events.cloud.EventSchemas;
import org.bhyvirt.events.cloud.ReceivedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink against a real single-node Kafka broker (a child process on loopback ports of its
 * own): events arrive on their topics, keyed by the domain's UUID, as valid CloudEvents in the
 * order they were published; while the broker is away publishing never blocks and events wait;
 * when the buffer overflows the counted drops are exactly the progress events beyond the bound.
 */
class KafkaEventSinkTest {
    private static Path dataDir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        dataDir = Files.createTempDirectory("bhyvirt-test-kafka-");
        String cp = EmbeddedKafkaBroker.classpathFrom(Path.of(System.getProperty("bhyvirt.kafka.broker.classpath-file")));
        broker = new EmbeddedKafkaBroker(cp, dataDir, freePort(), freePort());
        long t0 = System.nanoTime();
        broker.start();
        System.out.printf("KafkaEventSinkTest: broker ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    /** A test that failed with the broker stopped must not leave the next one without it. */
    @org.junit.jupiter.api.BeforeEach
    void brokerRuns() throws Exception {
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        try {
            if (broker != null) {
                broker.stop();
            }
        } finally {
            if (dataDir != null) {
                try (Stream<Path> s = Files.walk(dataDir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static KafkaSettings settings(String prefix, int capacity) {
        return new KafkaSettings(broker.bootstrapServers(), prefix + ".lifecycle", prefix + ".migration", capacity,
                "test-" + prefix, URI.create("urn:bhyvirt:host:host-a"));
    }

    private static KafkaEventSink sink(KafkaSettings s) {
        return new KafkaEventSink(s, r -> new Thread(r));
    }

    /** Reads {@code count} events from {@code topics} from the beginning, as a scheduler's consumer would. */
    private static List<ConsumerRecord<String, byte[]>> consume(List<String> topics, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(topics);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // anything more would be a duplicate or a stray event: look a moment longer
            c.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    private static Map<String, List<String>> typesByKey(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<String>> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            ReceivedEvent e = CloudEventCodec.decode(r.value());
            String what = e.type().equals(CloudEventCodec.LIFECYCLE_TYPE) ? e.data().getString("detail")
                    : e.data().getString("event") + (e.data().containsKey("progress")
                            ? e.data().getJsonObject("progress").getInt("round") : "");
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(what);
        }
        return out;
    }

    @Test
    void eventsArriveOnTheirTopicsKeyedByDomainValidAndInOrder() throws Exception {
        KafkaSettings s = settings("order", 1000);
        UUID vm1 = UUID.randomUUID();
        UUID vm2 = UUID.randomUUID();
        try (KafkaEventSink sink = sink(s)) {
            sink.publish(SampleEvents.lifecycle("vm1", vm1, LifecycleEventDetail.DEFINED_ADDED));
            sink.publish(SampleEvents.lifecycle("vm2", vm2, LifecycleEventDetail.DEFINED_ADDED));
            sink.publish(SampleEvents.lifecycle("vm1", vm1, LifecycleEventDetail.STARTED_BOOTED));
            for (MigrationEventType t : MigrationEventType.values()) {
                if (!t.terminal() || t == MigrationEventType.COMPLETED) {
                    sink.publish(SampleEvents.migration(vm1, t, 1));
                }
            }
            sink.publish(SampleEvents.lifecycle("vm1", vm1, LifecycleEventDetail.STOPPED_MIGRATED));
            sink.publish(SampleEvents.lifecycle("vm2", vm2, LifecycleEventDetail.UNDEFINED_REMOVED));
            awaitPublished(sink, 9);
        }
        List<ConsumerRecord<String, byte[]>> lifecycle = consume(List.of(s.lifecycleTopic()), 5, Duration.ofSeconds(30));
        List<ConsumerRecord<String, byte[]>> migration = consume(List.of(s.migrationTopic()), 4, Duration.ofSeconds(30));
        assertEquals(5, lifecycle.size());
        assertEquals(4, migration.size());
        lifecycle.forEach(r -> assertEquals(Set.of(), EventSchemas.lifecycle().problems(r.value())));
        migration.forEach(r -> assertEquals(Set.of(), EventSchemas.migration().problems(r.value())));
        assertEquals(Map.of(vm1.toString(), List.of("defined_added", "started_booted", "stopped_migrated"),
                vm2.toString(), List.of("defined_added", "undefined_removed")), typesByKey(lifecycle));
        assertEquals(Map.of(vm1.toString(), List.of("started", "progress1", "switchover1", "completed")),
                typesByKey(migration));
    }

    @Test
    void whileTheBrokerIsAwayPublishingDoesNotBlockAndEventsArriveInOrderWhenItReturns() throws Exception {
        KafkaSettings s = settings("outage", 1000);
        UUID vm = UUID.randomUUID();
        try (KafkaEventSink sink = sink(s)) {
            sink.publish(SampleEvents.lifecycle("vm1", vm, LifecycleEventDetail.STARTED_BOOTED));
            awaitPublished(sink, 1);
            broker.stop();
            long slowest = 0;
            for (int round = 1; round <= 200; round++) {
                long t0 = System.nanoTime();
                sink.publish(SampleEvents.migration(vm, MigrationEventType.PROGRESS, round));
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            long t0 = System.nanoTime();
            sink.publish(SampleEvents.lifecycle("vm1", vm, LifecycleEventDetail.STOPPED_DESTROYED));
            slowest = Math.max(slowest, System.nanoTime() - t0);
            // the sender's batch fails after the producer's delivery timeout (8 s)
            SinkStats away = awaitStats(sink, st -> !st.brokerReachable());
            System.out.printf("KafkaEventSinkTest: slowest publish with the broker away %.3f ms, %s%n",
                    slowest / 1e6, away);
            assertTrue(slowest < 50_000_000L, "publish never waits for the broker: " + slowest / 1e6 + " ms");
            assertEquals(201, away.buffered(), away.toString());
            assertEquals(0, away.dropped());

            broker.start();
            awaitPublished(sink, 202);
            assertTrue(sink.stats().brokerReachable());
        }
        Map<String, List<String>> lifecycle = typesByKey(consume(List.of(s.lifecycleTopic()), 2, Duration.ofSeconds(30)));
        List<String> progress = typesByKey(consume(List.of(s.migrationTopic()), 200, Duration.ofSeconds(30)))
                .get(vm.toString());
        assertEquals(List.of("started_booted", "stopped_destroyed"), lifecycle.get(vm.toString()));
        List<String> expected = new ArrayList<>();
        for (int round = 1; round <= 200; round++) {
            expected.add("progress" + round);
        }
        assertEquals(expected, progress, "all 200 rounds, in order, none twice");
    }

    @Test
    void beyondTheBufferTheOldestProgressIsDroppedAndCountedWhileLifecycleEventsSurvive() throws Exception {
        KafkaSettings s = settings("overflow", 20);
        UUID vm = UUID.randomUUID();
        broker.stop();
        SinkStats end;
        try (KafkaEventSink sink = sink(s)) {
            sink.publish(SampleEvents.lifecycle("vm1", vm, LifecycleEventDetail.STARTED_BOOTED));
            for (int round = 1; round <= 50; round++) {
                sink.publish(SampleEvents.migration(vm, MigrationEventType.PROGRESS, round));
            }
            sink.publish(SampleEvents.lifecycle("vm1", vm, LifecycleEventDetail.STOPPED_MIGRATED));
            // the sender's first batch comes back unacknowledged and goes back into the full buffer
            SinkStats away = awaitStats(sink, st -> st.buffered() == 20 && st.dropped() == 32);
            assertEquals(32, away.droppedProgress(), away.toString());
            assertEquals(0, away.droppedLifecycle(), away.toString());
            assertEquals(20, away.buffered(), away.toString());
            broker.start();
            awaitPublished(sink, 20);
            end = sink.stats();
        }
        assertEquals(20, end.published(), end.toString());
        assertEquals(List.of("started_booted", "stopped_migrated"),
                typesByKey(consume(List.of(s.lifecycleTopic()), 2, Duration.ofSeconds(30))).get(vm.toString()));
        List<String> kept = typesByKey(consume(List.of(s.migrationTopic()), 18, Duration.ofSeconds(30)))
                .get(vm.toString());
        List<String> newest = new ArrayList<>();
        for (int round = 33; round <= 50; round++) {
            newest.add("progress" + round);
        }
        assertEquals(newest, kept, "the 18 newest progress events, in order");
    }

    private static SinkStats awaitStats(KafkaEventSink sink, java.util.function.Predicate<SinkStats> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.test(sink.stats())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sink did not settle within 30 s: " + sink.stats());
            }
            Thread.sleep(50); // the sink reports no such event
        }
        return sink.stats();
    }

    private static void awaitPublished(KafkaEventSink sink, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sink.stats().published() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not published within 60 s: " + sink.stats());
            }
            Thread.sleep(50); // the sink reports no delivery event
        }
    }
}
