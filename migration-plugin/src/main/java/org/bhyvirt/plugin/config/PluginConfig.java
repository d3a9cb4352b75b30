package org.bhyvirt.plugin.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.bhyvirt.driver.host.HostConfig;
import org.bhyvirt.events.kafka.KafkaSettings;

/**
 * The plugin's whole configuration, read once from MicroProfile Config (or any key lookup) and
 * validated: an instance that exists has a usable value for every {@link ConfigKey}; a bad value
 * fails {@link #read} with an {@link InvalidConfigurationException} naming the key, the value and
 * what is expected. Immutable.
 *
 * @param hostName        the name this host reports
 * @param stateDir        the host's state directory (absolute)
 * @param programs        the real bhyve's programs or the emulator's
 * @param migration       the migration listener and the default migration options
 * @param peerSecretFile  the file with the secret shared between hosts, if configured
 * @param rpc             the libvirt RPC listener's settings
 * @param kafka           where events go, if a broker is configured
 */
public record PluginConfig(String hostName, Path stateDir, BhyvePrograms programs, MigrationDefaults migration,
                           Optional<Path> peerSecretFile, RpcSettings rpc, Optional<KafkaSettings> kafka) {

    /** Host names usable in file names and URLs: letters, digits, '.', '_' and '-', at most 253 characters. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    /** Where FreeBSD keeps bhyve, bhyvectl and bhyveload. */
    public static final Path STOCK_BHYVE_DIR = Path.of("/usr/sbin");
    /** Where FreeBSD's ports install grub-bhyve. */
    public static final Path STOCK_GRUB_BHYVE = Path.of("/usr/local/sbin/grub-bhyve");

    public PluginConfig {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(programs, "programs");
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(peerSecretFile, "peerSecretFile");
        Objects.requireNonNull(rpc, "rpc");
        Objects.requireNonNull(kafka, "kafka");
    }

    /**
     * What the defaults depend on besides the keys: the machine's host name, the JVM's temporary
     * directory and whether a stock bhyve exists ({@code /usr/sbin/bhyve}).
     */
    public record Machine(String hostName, Path tmpDir, boolean stockBhyve) {

        /** The machine this JVM runs on; its name from the kernel (Linux) or the resolver's local host. */
        public static Machine probe() {
            return new Machine(localHostName(), Path.of(System.getProperty("java.io.tmpdir")),
                    Files.isExecutable(STOCK_BHYVE_DIR.resolve("bhyve")));
        }

        private static String localHostName() {
            try {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(kernel)) {
                    String name = Files.readString(kernel).strip();
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
            }
        }
    }

    /** Reads and validates every key from {@code values} (absent or blank = the default). */
    public static PluginConfig read(Map<String, String> values, Machine machine) {
        return read(key -> Optional.ofNullable(values.get(key)), machine);
    }

    /** Reads and validates every key through {@code lookup} (empty or blank = the default). */
    public static PluginConfig read(Function<String, Optional<String>> lookup, Machine machine) {
        Values v = new Values(lookup);
        String hostName = v.get(ConfigKey.HOST_NAME).orElse(sanitize(machine.hostName()));
        if (!HOST_NAME.matcher(hostName).matches()) {
            throw new InvalidConfigurationException(ConfigKey.HOST_NAME, "'" + hostName
                    + "' is not a usable host name (letters, digits, '.', '_' and '-', starting with a letter or digit)");
        }
        Path stateDir = v.path(ConfigKey.STATE_DIR).orElse(machine.tmpDir().resolve("bhyvirt-state").toAbsolutePath());
        BhyvePrograms programs = programs(v, machine, hostName);
        MigrationDefaults migration = new MigrationDefaults(
                v.get(ConfigKey.MIGRATION_BIND).orElse("127.0.0.1"),
                (int) v.number(ConfigKey.MIGRATION_PORT, 0, 0, 65535),
                v.number(ConfigKey.MIGRATION_DOWNTIME_LIMIT_MS, 300, 1, 2_000_000),
                v.number(ConfigKey.MIGRATION_BANDWIDTH_MIBS, 0, 0, 1L << 30),
                (int) v.number(ConfigKey.MIGRATION_CHANNELS, 1, 1, 64),
                v.number(ConfigKey.MIGRATION_TIMEOUT_SECONDS, 0, 0, Duration.ofHours(24).toSeconds()),
                v.bool(ConfigKey.MIGRATION_AUTO_CONVERGE, true));
        if (migration.bind().chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidConfigurationException(ConfigKey.MIGRATION_BIND, "'" + migration.bind()
                    + "' is not an address (no spaces allowed)");
        }
        Optional<Path> secret = v.path(ConfigKey.PEER_SECRET_FILE);
        RpcSettings rpc = new RpcSettings(v.bool(ConfigKey.RPC_ENABLED, true),
                v.get(ConfigKey.RPC_ADDRESS).orElse("127.0.0.1"), (int) v.number(ConfigKey.RPC_PORT, 16509, 0, 65535),
                v.bool(ConfigKey.RPC_ALLOW_REMOTE_TCP, false), rpcTls(v));
        if (rpc.enabled()) {
            rpc.bindAddress();
        }
        return new PluginConfig(hostName, stateDir, programs, migration, secret, rpc, kafka(v, hostName));
    }

    /** The TLS listener's settings when it is enabled. */
    private static Optional<RpcSettings.Tls> rpcTls(Values v) {
        if (!v.bool(ConfigKey.RPC_TLS_ENABLED, false)) {
            return Optional.empty();
        }
        List<String> allowed = v.get(ConfigKey.RPC_TLS_ALLOWED_DN).map(text -> java.util.Arrays.stream(text.split(";"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
        RpcSettings.Tls tls = new RpcSettings.Tls(v.get(ConfigKey.RPC_TLS_ADDRESS).orElse("0.0.0.0"),
                (int) v.number(ConfigKey.RPC_TLS_PORT, 16514, 0, 65535),
                v.path(ConfigKey.RPC_TLS_CA_FILE).orElse(Path.of("/etc/pki/CA/cacert.pem")),
                v.path(ConfigKey.RPC_TLS_CERT_FILE).orElse(Path.of("/etc/pki/libvirt/servercert.pem")),
                v.path(ConfigKey.RPC_TLS_KEY_FILE).orElse(Path.of("/etc/pki/libvirt/private/serverkey.pem")),
                v.bool(ConfigKey.RPC_TLS_VERIFY_CLIENT, true), allowed);
        tls.bindAddress();
        return Optional.of(tls);
    }

    /** The Kafka settings when bootstrap servers are configured. */
    private static Optional<KafkaSettings> kafka(Values v, String hostName) {
        Optional<String> servers = v.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS).map(String::strip).filter(x -> !x.isEmpty());
        if (servers.isEmpty()) {
            return Optional.empty();
        }
        KafkaSettings d = KafkaSettings.defaults(servers.get(), hostName);
        String lifecycle = v.get(ConfigKey.KAFKA_TOPIC_LIFECYCLE).orElse(d.lifecycleTopic());
        String migration = v.get(ConfigKey.KAFKA_TOPIC_MIGRATION).orElse(d.migrationTopic());
        int capacity = (int) v.number(ConfigKey.KAFKA_BUFFER_CAPACITY, d.bufferCapacity(), 1, 1_000_000);
        for (String server : servers.get().split(",")) {
            if (!server.strip().matches("[A-Za-z0-9._\\[\\]:-]+:[0-9]{1,5}")) {
                throw new InvalidConfigurationException(ConfigKey.KAFKA_BOOTSTRAP_SERVERS, "'" + server.strip()
                        + "' is not host:port");
            }
        }
        requireTopic(ConfigKey.KAFKA_TOPIC_LIFECYCLE, lifecycle);
        requireTopic(ConfigKey.KAFKA_TOPIC_MIGRATION, migration);
        if (lifecycle.equals(migration)) {
            throw new InvalidConfigurationException(ConfigKey.KAFKA_TOPIC_MIGRATION,
                    "the lifecycle and migration topics must differ: " + migration);
        }
        return Optional.of(new KafkaSettings(servers.get(), lifecycle, migration, capacity, d.clientId(), d.source()));
    }

    private static void requireTopic(ConfigKey key, String topic) {
        try {
            KafkaSettings.requireTopic(topic);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, e.getMessage());
        }
    }

    /** Whether guests run on the emulator rather than a real bhyve. */
    public boolean usesEmulator() {
        return programs instanceof BhyvePrograms.Emulated;
    }

    /** The driver's host configuration these settings describe. */
    public HostConfig hostConfig() {
        if (programs instanceof BhyvePrograms.Emulated e) {
            return HostConfig.emulated(hostName, stateDir, e.binDir(), e.vmDir());
        }
        BhyvePrograms.Real r = (BhyvePrograms.Real) programs;
        HostConfig stock = HostConfig.freeBsd(hostName, stateDir);
        return new HostConfig(hostName, stateDir, r.dir().resolve("bhyve"), r.dir().resolve("bhyvectl"),
                r.dir().resolve("bhyveload"), r.grubBhyve(), stock.ifconfig(), stock.firmwareDir(), stock.vmmDir(),
                stock.environment(), stock.shutdownTimeout(), stock.programTimeout(), stock.detach());
    }

    /** Where save/restore state files are staged briefly: {@code STATE_DIR/staging}. */
    public Path stagingDir() {
        return stateDir.resolve("staging");
    }

    private static BhyvePrograms programs(Values v, Machine machine, String hostName) {
        Optional<Path> bhyveDir = v.path(ConfigKey.BHYVE_DIR);
        if (bhyveDir.isPresent()) {
            return new BhyvePrograms.Real(bhyveDir.get(), bhyveDir.get().resolve("grub-bhyve"));
        }
        Optional<Path> emulatorBin = v.path(ConfigKey.EMULATOR_BIN_DIR);
        if (machine.stockBhyve()) {
            return new BhyvePrograms.Real(STOCK_BHYVE_DIR, STOCK_GRUB_BHYVE);
        }
        if (emulatorBin.isEmpty()) {
            throw new InvalidConfigurationException(ConfigKey.EMULATOR_BIN_DIR, "not set, and this machine has no bhyve ("
                    + STOCK_BHYVE_DIR.resolve("bhyve") + " is missing and " + ConfigKey.BHYVE_DIR.key()
                    + " is not set): set one of the two");
        }
        Path vmDir = v.path(ConfigKey.EMULATOR_VM_DIR).orElse(Path.of("/dev/shm", "bhyvirt-" + hostName));
        return new BhyvePrograms.Emulated(emulatorBin.get(), vmDir);
    }

    /** A machine's host name cut to the characters {@link #HOST_NAME} allows. */
    private static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0)) ? "host" + s : s;
    }

    /** The typed reads of single keys; each failure names its key. */
    private record Values(Function<String, Optional<String>> lookup) {

        Optional<String> get(ConfigKey key) {
            return lookup.apply(key.key()).map(String::strip).filter(s -> !s.isEmpty());
        }

        Optional<Path> path(ConfigKey key) {
            Optional<String> text = get(key);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            Path p;
            try {
                p = Path.of(text.get());
            } catch (InvalidPathException e) {
                throw new InvalidConfigurationException(key, "'" + text.get() + "' is not a path: " + e.getReason());
            }
            if (!p.isAbsolute()) {
                throw new InvalidConfigurationException(key, "'" + text.get() + "' is not an absolute path");
            }
            return Optional.of(p.normalize());
        }

        long number(ConfigKey key, long fallback, long min, long max) {
            Optional<String> text = get(key);
            if (text.isEmpty()) {
                return fallback;
            }
            long n;
            try {
                n = Long.parseLong(text.get());
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(key, "'" + text.get() + "' is not a whole number");
            }
            if (n < min || n > max) {
                throw new InvalidConfigurationException(key, n + " is outside " + min + " .. " + max);
            }
            return n;
        }

        boolean bool(ConfigKey key, boolean fallback) {
            Optional<String> text = get(key);
            if (text.isEmpty()) {
                return fallback;
            }
            return switch (text.get().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidConfigurationException(key, "'" + text.get() + "' is neither true nor false");
            };
        }
    }
}
