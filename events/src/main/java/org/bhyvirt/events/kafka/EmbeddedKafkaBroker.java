package org.bhyvirt.events.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) on loopback, run as
 * a child {@code java} process from Maven Central's {@code kafka_2.13} jars (the class path the
 * build wrote, see the {@code kafka-broker} module). Its data directory holds the configuration,
 * the formatted log directory and the broker's output ({@code broker.log}); a broker stopped and
 * started again on the same directory and ports keeps its topics and events, so tests can take the
 * broker away and bring it back. {@link #start()} returns once the broker logged that it started
 * and its port accepts connections; {@link #stop()} ends it (SIGTERM, SIGKILL after 20 s).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String classpath;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    /**
     * A broker on {@code 127.0.0.1:port} (its controller on {@code controllerPort}) keeping its data
     * in {@code dataDir}, run with the jars of {@code classpath}.
     */
    public EmbeddedKafkaBroker(String classpath, Path dataDir, int port, int controllerPort) {
        this.classpath = Objects.requireNonNull(classpath, "classpath");
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        if (port == controllerPort || port < 1 || controllerPort < 1) {
            throw new IllegalArgumentException("ports " + port + " and " + controllerPort + " must be distinct and set");
        }
    }

    /** The class path written by the build into {@code file} (the kafka-broker module's output). */
    public static String classpathFrom(Path file) throws IOException {
        String cp = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (cp.isEmpty()) {
            throw new IOException(file + " names no jars");
        }
        return cp;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** The process's pid while it runs. */
    public synchronized long pid() {
        if (!running()) {
            throw new IllegalStateException("the broker does not run");
        }
        return process.pid();
    }

    /** Formats the data directory the first time, starts the broker and waits until it serves. */
    public synchronized void start() throws IOException, InterruptedException {
        if (running()) {
            return;
        }
        Path config = configure();
        Path log = dataDir.resolve("broker.log");
        if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            format(clusterId(), config, log);
        }
        long offset = Files.exists(log) ? Files.size(log) : 0;
        process = new ProcessBuilder(java(List.of("kafka.Kafka", config.toString())))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        awaitServing(log, offset);
    }

    /** Formats the log directory for cluster {@code id}. */
    void format(String id, Path config, Path log) throws IOException, InterruptedException {
        // "--cluster-id=ID": an id may begin with '-', which the tool would take for an option
        run(List.of("kafka.tools.StorageTool", "format", "--cluster-id=" + id, "--config", config.toString()), log);
    }

    /** Writes the broker's configuration into the data directory; returns server.properties. */
    Path configure() throws IOException {
        Files.createDirectories(dataDir);
        return writeConfig();
    }

    private String clusterId() {
        // Kafka's cluster ids are 16 bytes in URL-safe base64 without padding.
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private Path writeConfig() throws IOException {
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                ""), StandardCharsets.UTF_8);
        Files.writeString(dataDir.resolve("log4j2.properties"), String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = OUT",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = OUT",
                ""), StandardCharsets.UTF_8);
        return config;
    }

    private List<String> java(List<String> mainAndArgs) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"),
                "-Dbhyvirt.kafka.broker=" + dataDir, "-cp", classpath));
        argv.addAll(mainAndArgs);
        return argv;
    }

    private void run(List<String> mainAndArgs, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java(mainAndArgs)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(mainAndArgs.get(0) + " did not finish within 60 s (see " + log + ")");
        }
        if (p.exitValue() != 0) {
            throw new IOException(mainAndArgs.get(0) + " failed with status " + p.exitValue() + ": " + tail(log));
        }
    }

    private void awaitServing(Path log, long offset) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker exited with status " + process.exitValue() + ": " + tail(log));
            }
            if (logged(log, offset, "Kafka Server started") && accepts()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IOException("the Kafka broker did not start within " + START_TIMEOUT.toSeconds() + " s: "
                        + tail(log));
            }
            Thread.sleep(100); // the broker tells nothing but its log and its port
        }
    }

    private static boolean logged(Path log, long offset, String text) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), all.length - (int) Math.min(offset, all.length),
                StandardCharsets.UTF_8).contains(text);
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the broker (SIGTERM, SIGKILL after 20 s) and waits for its end; its data stays. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
