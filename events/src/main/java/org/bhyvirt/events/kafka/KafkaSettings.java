package org.bhyvirt.events.kafka;

import java.net.URI;
import java.util.Objects;

/**
 * Where and how a host publishes: the brokers, the two topics, how many events may wait while the
 * broker is away, the producer's client id and the CloudEvents {@code source} of this host.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param lifecycleTopic   the topic of domain lifecycle events
 * @param migrationTopic   the topic of migration events
 * @param bufferCapacity   events that may wait (1..1,000,000)
 * @param clientId         the producer's client id
 * @param source           the CloudEvents source of this host's events
 */
public record KafkaSettings(String bootstrapServers, String lifecycleTopic, String migrationTopic,
        int bufferCapacity, String clientId, URI source) {

    /** The default lifecycle topic. */
    public static final String DEFAULT_LIFECYCLE_TOPIC = "bhyvirt.domain.lifecycle";
    /** The default migration topic. */
    public static final String DEFAULT_MIGRATION_TOPIC = "bhyvirt.migration";
    /** The default buffer capacity. */
    public static final int DEFAULT_BUFFER_CAPACITY = 10_000;

    public KafkaSettings {
        Objects.requireNonNull(source, "source");
        requireText("bootstrap servers", bootstrapServers);
        requireTopic(lifecycleTopic);
        requireTopic(migrationTopic);
        requireText("client id", clientId);
        if (lifecycleTopic.equals(migrationTopic)) {
            throw new IllegalArgumentException("the lifecycle and migration topics must differ: " + lifecycleTopic);
        }
        if (bufferCapacity < 1 || bufferCapacity > 1_000_000) {
            throw new IllegalArgumentException("buffer capacity " + bufferCapacity + " is outside 1..1000000");
        }
    }

    /** The defaults for host {@code hostName} publishing to {@code bootstrapServers}. */
    public static KafkaSettings defaults(String bootstrapServers, String hostName) {
        return new KafkaSettings(bootstrapServers, DEFAULT_LIFECYCLE_TOPIC, DEFAULT_MIGRATION_TOPIC,
                DEFAULT_BUFFER_CAPACITY, "bhyvirt-" + hostName, URI.create("urn:bhyvirt:host:" + hostName));
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    /** Kafka's topic rule: 1..249 of letters, digits, '.', '_' and '-'; IllegalArgumentException otherwise. */
    public static void requireTopic(String topic) {
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("bad topic name '" + topic + "' (letters, digits, '.', '_', '-')");
        }
    }
}
