package org.bhyvirt.cli.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bhyvirt.events.kafka.EmbeddedKafkaBroker;

/**
 * {@code KafkaBrokerCommand CLASSPATH_FILE DATA_DIR PORT CONTROLLER_PORT}: starts the embedded broker
 * ({@link EmbeddedKafkaBroker}) with its data in DATA_DIR, waits until it serves, writes its pid to
 * DATA_DIR/pid and returns, leaving it running (the launcher's {@code kafka stop} ends it). Prints
 * the bootstrap servers. Exit status 1 when it did not start, 2 on bad arguments.
 */
public final class KafkaBrokerCommand {

    private KafkaBrokerCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: KafkaBrokerCommand CLASSPATH_FILE DATA_DIR PORT CONTROLLER_PORT");
            System.exit(2);
        }
        try {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(EmbeddedKafkaBroker.classpathFrom(Path.of(args[0])),
                    Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            long t0 = System.nanoTime();
            broker.start();
            Files.writeString(broker.dataDir().resolve("pid"), broker.pid() + "\n", StandardCharsets.US_ASCII);
            System.out.printf("Kafka broker ready in %.1f s: %s (pid %d, data %s)%n", (System.nanoTime() - t0) / 1e9,
                    broker.bootstrapServers(), broker.pid(), broker.dataDir());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("kafka start: " + e.getMessage());
            System.exit(1);
        }
    }
}
