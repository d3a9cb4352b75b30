package org.bhyvirt.it.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bhyvirt.events.cloud.CloudEventCodec;
import org.bhyvirt.events.cloud.ReceivedEvent;
import org.bhyvirt.events.kafka.KafkaSettings;

/**
 * The events of one domain as a scheduler reads them from the default topics: a consumer group of
 * its own reads both topics from the beginning, keeps the records keyed by the domain's UUID and
 * checks each against the published JSON Schema of its topic.
 */
final class PublishedEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ReceivedEvent> events = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();

    /** Reads until {@code last} was seen (or {@code timeout} passed). */
    static PublishedEvents read(String bootstrap, String domainUuid, Duration timeout, Predicate<ReceivedEvent> last) {
        JsonSchema lifecycle = schema(CloudEventCodec.LIFECYCLE_SCHEMA_RESOURCE);
        JsonSchema migration = schema(CloudEventCodec.MIGRATION_SCHEMA_RESOURCE);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-scheduler-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        PublishedEvents out = new PublishedEvents();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(KafkaSettings.DEFAULT_LIFECYCLE_TOPIC, KafkaSettings.DEFAULT_MIGRATION_TOPIC));
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean done = false;
            while (!done && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (!r.key().equals(domainUuid)) {
                        continue;
                    }
                    ReceivedEvent e = CloudEventCodec.decode(r.value());
                    JsonSchema schema = r.topic().equals(KafkaSettings.DEFAULT_LIFECYCLE_TOPIC) ? lifecycle : migration;
                    try {
                        var problems = schema.validate(JSON.readTree(r.value()));
                        if (!problems.isEmpty()) {
                            out.invalid.add(e.type() + ": " + problems);
                        }
                    } catch (IOException ex) {
                        out.invalid.add("not JSON: " + ex.getMessage());
                    }
                    out.events.add(e);
                    done |= last.test(e);
                }
            }
        }
        return out;
    }

    private static JsonSchema schema(String resource) {
        try (InputStream in = PublishedEvents.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lifecycle details host {@code host} published, in order. */
    List<String> lifecycle(String host) {
        return events.stream().filter(e -> e.type().equals(CloudEventCodec.LIFECYCLE_TYPE))
                .filter(e -> e.data().getString("host").equals(host)).map(e -> e.data().getString("detail")).toList();
    }

    /** The migration events, in order. */
    List<String> migration() {
        return events.stream().filter(e -> e.type().startsWith("org.bhyvirt.migration."))
                .map(e -> e.data().getString("event")).toList();
    }

    /** What was refused by its schema. */
    List<String> invalid() {
        return invalid;
    }

    String describe() {
        return events.size() + " (lifecycle " + events.stream().filter(e -> e.type().equals(CloudEventCodec.LIFECYCLE_TYPE))
                .map(e -> e.data().getString("host") + ":" + e.data().getString("detail")).toList()
                + ", migration " + migration() + ")";
    }
}
