package org.bhyvirt.cli.events;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bhyvirt.events.cloud.CloudEventCodec;
import org.bhyvirt.events.cloud.ReceivedEvent;
import org.bhyvirt.events.kafka.KafkaSettings;

/**
 * {@code ./bhyvirt events tail [--bootstrap S] [--domain NAME] [--from-beginning] [--idle-exit SECONDS]}:
 * a consumer of both topics (a group of its own, so it disturbs no scheduler) printing one line per
 * event ({@link EventLine}), only domain NAME's with {@code --domain}; from now on, or from the
 * start of the topics. It runs until interrupted, or until no event came for {@code --idle-exit}
 * seconds. Exit status 2 on bad arguments.
 */
public final class EventTail {

    private EventTail() {
    }

    public static void main(String[] args) {
        String bootstrap = "127.0.0.1:29092";
        String domain = null;
        boolean fromBeginning = false;
        long idleExit = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--bootstrap" -> bootstrap = args[++i];
                    case "--domain" -> domain = args[++i];
                    case "--from-beginning" -> fromBeginning = true;
                    case "--idle-exit" -> idleExit = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("events tail: " + e.getMessage()
                    + "; usage: events tail [--bootstrap HOST:PORT] [--domain NAME] [--from-beginning] [--idle-exit S]");
            System.exit(2);
        }
        tail(bootstrap, domain, fromBeginning, idleExit, System.out);
    }

    static void tail(String bootstrap, String domain, boolean fromBeginning, long idleExitSeconds, PrintStream out) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bhyvirt-events-tail-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(KafkaSettings.DEFAULT_LIFECYCLE_TOPIC, KafkaSettings.DEFAULT_MIGRATION_TOPIC));
            long lastEvent = System.nanoTime();
            while (idleExitSeconds <= 0 || System.nanoTime() - lastEvent < Duration.ofSeconds(idleExitSeconds).toNanos()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(250))) {
                    lastEvent = System.nanoTime();
                    try {
                        ReceivedEvent e = CloudEventCodec.decode(r.value());
                        if (domain == null || domain.equals(e.subject())) {
                            out.println(EventLine.of(e));
                            out.flush();
                        }
                    } catch (IllegalArgumentException e) {
                        out.println("(not a bhyvirt event on " + r.topic() + ": " + e.getMessage() + ")");
                    }
                }
            }
        }
    }
}
