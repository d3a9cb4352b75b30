package org.bhyvirt.events.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    @Test
    void theBrokerNeedsTwoDistinctPorts() {
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedKafkaBroker("cp", Path.of("/tmp/x"), 9092, 9092));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedKafkaBroker("cp", Path.of("/tmp/x"), 0, 9093));
    }

    /** A random cluster id begins with '-' once in 64 starts; the storage tool took it for an option. */
    @Test
    void aClusterIdBeginningWithADashIsFormatted() throws Exception {
        Path dir = Files.createTempDirectory("bhyvirt-test-kafka-");
        try {
            EmbeddedKafkaBroker b = new EmbeddedKafkaBroker(EmbeddedKafkaBroker.classpathFrom(
                    Path.of(System.getProperty("bhyvirt.kafka.broker.classpath-file"))), dir, 39092, 39093);
            b.format("-bhyvirtDashFirstId1Aw", b.configure(), dir.resolve("broker.log"));
            assertTrue(Files.readString(dir.resolve("logs").resolve("meta.properties"))
                    .contains("cluster.id=-bhyvirtDashFirstId1Aw"));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
