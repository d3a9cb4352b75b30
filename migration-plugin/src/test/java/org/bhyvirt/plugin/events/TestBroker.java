package org.bhyvirt.plugin.events;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.bhyvirt.events.kafka.EmbeddedKafkaBroker;

/**
 * A real Kafka broker for one test, on free loopback ports with its data in a temporary directory
 * named {@code bhyvirt-test-kafka-*}; {@link #close()} stops it and deletes the data.
 */
final class TestBroker implements AutoCloseable {
    final EmbeddedKafkaBroker broker;
    private final Path dataDir;

    private TestBroker(EmbeddedKafkaBroker broker, Path dataDir) {
        this.broker = broker;
        this.dataDir = dataDir;
    }

    /** Starts one (the class path file comes from the build, see the pom's surefire settings). */
    static TestBroker start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bhyvirt-test-kafka-");
        TestBroker b = new TestBroker(new EmbeddedKafkaBroker(EmbeddedKafkaBroker.classpathFrom(
                Path.of(System.getProperty("bhyvirt.kafka.broker.classpath-file"))), dir, freePort(), freePort()), dir);
        try {
            b.broker.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            b.close();
            throw e;
        }
        return b;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            broker.stop();
        } finally {
            try (Stream<Path> s = Files.walk(dataDir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
