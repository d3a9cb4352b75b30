package org.bhyvirt.plugin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.bhyvirt.driver.host.HostConfig;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginConfigTest {

    private static final PluginConfig.Machine LINUX = new PluginConfig.Machine("box1", Path.of("/tmp"), false);
    private static final PluginConfig.Machine FREEBSD = new PluginConfig.Machine("bsd1", Path.of("/tmp"), true);

    private static Map<String, String> emulated(String... more) {
        Map<String, String> m = new HashMap<>(Map.of(ConfigKey.EMULATOR_BIN_DIR.key(), "/opt/bhyvirt/bhyve-emulator/bin"));
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsFollowTheDocumentedTable() {
        PluginConfig c = PluginConfig.read(emulated(), LINUX);
        assertEquals("box1", c.hostName());
        assertEquals(Path.of("/tmp/bhyvirt-state"), c.stateDir());
        assertEquals(new BhyvePrograms.Emulated(Path.of("/opt/bhyvirt/bhyve-emulator/bin"),
                Path.of("/dev/shm/bhyvirt-box1")), c.programs());
        assertEquals(new MigrationDefaults("127.0.0.1", 0, 300, 0, 1, 0, true), c.migration());
        assertTrue(c.peerSecretFile().isEmpty());
        assertEquals(new RpcSettings(true, "127.0.0.1", 16509, false, java.util.Optional.empty()), c.rpc());
        assertEquals(Path.of("/tmp/bhyvirt-state/staging"), c.stagingDir());
        assertTrue(c.kafka().isEmpty(), "no broker: events are not published");
    }

    @Test
    void kafkaIsConfiguredByItsBrokersWithDefaultTopicsAndBuffer() {
        PluginConfig c = PluginConfig.read(emulated("bhyvirt.host.name", "host-a",
                "bhyvirt.kafka.bootstrap-servers", " 127.0.0.1:9092,kafka-2.lab:19092 "), LINUX);
        assertEquals(org.bhyvirt.events.kafka.KafkaSettings.defaults("127.0.0.1:9092,kafka-2.lab:19092", "host-a"),
                c.kafka().orElseThrow());
        PluginConfig t = PluginConfig.read(emulated("bhyvirt.kafka.bootstrap-servers", "127.0.0.1:9092",
                "bhyvirt.kafka.topic.lifecycle", "lab.lifecycle", "bhyvirt.kafka.topic.migration", "lab.migration",
                "bhyvirt.kafka.buffer-capacity", "50"), LINUX);
        assertEquals("lab.lifecycle", t.kafka().orElseThrow().lifecycleTopic());
        assertEquals("lab.migration", t.kafka().orElseThrow().migrationTopic());
        assertEquals(50, t.kafka().orElseThrow().bufferCapacity());
        assertTrue(PluginConfig.read(emulated("bhyvirt.kafka.bootstrap-servers", " "), LINUX).kafka().isEmpty());
    }

    @ParameterizedTest(name = "{0}={1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
        "bhyvirt.kafka.bootstrap-servers|localhost|'localhost' is not host:port",
        "bhyvirt.kafka.topic.lifecycle|a topic|bad topic name 'a topic'",
        "bhyvirt.kafka.topic.migration|bhyvirt.domain.lifecycle|the lifecycle and migration topics must differ",
        "bhyvirt.kafka.buffer-capacity|0|0 is outside 1 .. 1000000",
    })
    void aBadKafkaValueIsRefusedNamingItsKey(String key, String value, String expected) {
        Map<String, String> values = emulated(key, value);
        values.putIfAbsent("bhyvirt.kafka.bootstrap-servers", "127.0.0.1:9092");
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> PluginConfig.read(values, LINUX));
        assertEquals(key, e.key().key());
        assertTrue(e.getMessage().startsWith(key + ": " + expected), e.getMessage());
    }

    @Test
    void everyKeyIsReadWhenGiven() {
        PluginConfig c = PluginConfig.read(emulated(
                "bhyvirt.host.name", "host-a", "bhyvirt.state.dir", "/var/tmp/a/state",
                "bhyvirt.emulator.vm-dir", "/dev/shm/bhyvirt-test-a", "bhyvirt.migration.bind", "0.0.0.0",
                "bhyvirt.migration.port", "49152", "bhyvirt.migration.downtime-limit-ms", "150",
                "bhyvirt.migration.bandwidth-mibs", "512", "bhyvirt.migration.channels", "4",
                "bhyvirt.migration.timeout-seconds", "600", "bhyvirt.migration.auto-converge", "FALSE",
                "bhyvirt.peer.secret-file", "/etc/bhyvirt/secret", "bhyvirt.rpc.port", "16600",
                "bhyvirt.rpc.address", "0.0.0.0", "bhyvirt.rpc.allow-remote-tcp", "true"), LINUX);
        assertEquals("host-a", c.hostName());
        assertEquals(Path.of("/var/tmp/a/state"), c.stateDir());
        assertEquals(Path.of("/dev/shm/bhyvirt-test-a"), ((BhyvePrograms.Emulated) c.programs()).vmDir());
        assertEquals(new MigrationDefaults("0.0.0.0", 49152, 150, 512, 4, 600, false), c.migration());
        assertEquals(Path.of("/etc/bhyvirt/secret"), c.peerSecretFile().orElseThrow());
        assertEquals(new RpcSettings(true, "0.0.0.0", 16600, true, java.util.Optional.empty()), c.rpc());
    }

    @Test
    void aMachineWithBhyveUsesTheStockPrograms() {
        PluginConfig c = PluginConfig.read(Map.of(), FREEBSD);
        assertFalse(c.usesEmulator());
        HostConfig h = c.hostConfig();
        assertEquals(Path.of("/usr/sbin/bhyve"), h.bhyve());
        assertEquals(Path.of("/usr/local/sbin/grub-bhyve"), h.grubBhyve());
        assertEquals(HostConfig.FREEBSD_DAEMON, h.detach());
    }

    @Test
    void aConfiguredBhyveDirectoryHoldsAllFourPrograms() {
        HostConfig h = PluginConfig.read(Map.of("bhyvirt.bhyve.dir", "/opt/bhyve/sbin"), LINUX).hostConfig();
        assertEquals(Path.of("/opt/bhyve/sbin/bhyvectl"), h.bhyvectl());
        assertEquals(Path.of("/opt/bhyve/sbin/bhyveload"), h.bhyveload());
        assertEquals(Path.of("/opt/bhyve/sbin/grub-bhyve"), h.grubBhyve());
    }

    @Test
    void theEmulatorsHostConfigPassesItsVmDirectory() {
        HostConfig h = PluginConfig.read(emulated("bhyvirt.emulator.vm-dir", "/dev/shm/x"), LINUX).hostConfig();
        assertEquals(Path.of("/opt/bhyvirt/bhyve-emulator/bin/bhyve"), h.bhyve());
        assertEquals("/dev/shm/x", h.environment().get("BHYVIRT_EMU_DIR"));
    }

    @Test
    void aMachineWithoutBhyveNeedsTheEmulatorsDirectory() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> PluginConfig.read(Map.of(), LINUX));
        assertEquals(ConfigKey.EMULATOR_BIN_DIR, e.key());
        assertTrue(e.getMessage().startsWith("bhyvirt.emulator.bin-dir: not set"), e.getMessage());
        assertTrue(e.getMessage().contains("bhyvirt.bhyve.dir"), e.getMessage());
    }

    @Test
    void anUnusableMachineHostNameIsCutToUsableCharacters() {
        PluginConfig c = PluginConfig.read(emulated(),
                new PluginConfig.Machine("my box", Path.of("/tmp"), false));
        assertEquals("my-box", c.hostName());
    }

    @ParameterizedTest(name = "{0}={1} is refused: {2}")
    @CsvSource(delimiter = '|', value = {
        "bhyvirt.host.name|a/b|'a/b' is not a usable host name",
        "bhyvirt.state.dir|relative/state|'relative/state' is not an absolute path",
        "bhyvirt.emulator.vm-dir|shm|'shm' is not an absolute path",
        "bhyvirt.bhyve.dir|sbin|'sbin' is not an absolute path",
        "bhyvirt.migration.port|65536|65536 is outside 0 .. 65535",
        "bhyvirt.migration.port|http|'http' is not a whole number",
        "bhyvirt.migration.downtime-limit-ms|0|0 is outside 1 .. 2000000",
        "bhyvirt.migration.bandwidth-mibs|-1|-1 is outside 0 .. 1073741824",
        "bhyvirt.migration.channels|65|65 is outside 1 .. 64",
        "bhyvirt.migration.timeout-seconds|86401|86401 is outside 0 .. 86400",
        "bhyvirt.migration.auto-converge|yes|'yes' is neither true nor false",
        "bhyvirt.migration.bind|127.0.0.1 x|'127.0.0.1 x' is not an address",
        "bhyvirt.peer.secret-file|secret|'secret' is not an absolute path",
        "bhyvirt.rpc.port|-1|-1 is outside 0 .. 65535",
    })
    void aBadValueIsRefusedNamingItsKey(String key, String value, String expected) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> PluginConfig.read(emulated(key, value), LINUX));
        assertEquals(key, e.key().key());
        assertTrue(e.getMessage().startsWith(key + ": " + expected), e.getMessage());
    }

    @Test
    void blankValuesMeanTheDefault() {
        PluginConfig c = PluginConfig.read(emulated("bhyvirt.migration.channels", "  ", "bhyvirt.rpc.port", ""), LINUX);
        assertEquals(1, c.migration().channels());
        assertEquals(16509, c.rpc().port());
    }

    @Test
    void theTlsListenerTakesLibvirtsPkiLayoutByDefault() {
        RpcSettings.Tls tls = PluginConfig.read(emulated("bhyvirt.rpc.tls.enabled", "true"), LINUX).rpc().tls()
                .orElseThrow();
        assertEquals(new RpcSettings.Tls("0.0.0.0", 16514, Path.of("/etc/pki/CA/cacert.pem"),
                Path.of("/etc/pki/libvirt/servercert.pem"), Path.of("/etc/pki/libvirt/private/serverkey.pem"), true,
                java.util.List.of()), tls);
        RpcSettings.Tls lab = PluginConfig.read(emulated("bhyvirt.rpc.tls.enabled", "true", "bhyvirt.rpc.tls.port", "0",
                "bhyvirt.rpc.tls.verify-client", "false",
                "bhyvirt.rpc.tls.allowed-dn", "CN=ops*,O=Lab ; CN=admin,O=Lab;"), LINUX).rpc().tls().orElseThrow();
        assertEquals(0, lab.port());
        assertFalse(lab.verifyClient());
        assertEquals(java.util.List.of("CN=ops*,O=Lab", "CN=admin,O=Lab"), lab.allowedDn());
        assertTrue(PluginConfig.read(emulated(), LINUX).rpc().tls().isEmpty(), "TLS is off by default");
        assertThrows(InvalidConfigurationException.class, () -> PluginConfig.read(emulated("bhyvirt.rpc.tls.enabled",
                "true", "bhyvirt.rpc.tls.ca-file", "relative/ca.pem"), LINUX));
    }

    @Test
    void aRemotePlainTcpListenerMustBeAskedForExplicitly() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> PluginConfig.read(emulated("bhyvirt.rpc.address", "0.0.0.0"), LINUX));
        assertTrue(e.getMessage().contains("bhyvirt.rpc.allow-remote-tcp=true"), e.getMessage());
        assertFalse(PluginConfig.read(emulated("bhyvirt.rpc.enabled", "false", "bhyvirt.rpc.address", "0.0.0.0"), LINUX)
                .rpc().enabled(), "a disabled listener's address is not checked");
        assertThrows(InvalidConfigurationException.class,
                () -> PluginConfig.read(emulated("bhyvirt.rpc.port", "65536"), LINUX));
        assertThrows(InvalidConfigurationException.class,
                () -> PluginConfig.read(emulated("bhyvirt.rpc.enabled", "yes"), LINUX));
    }

    @Test
    void migrationDefaultsBecomeTheOptionsOfEachKind() {
        MigrationDefaults d = new MigrationDefaults("127.0.0.1", 0, 150, 100, 2, 60, true);
        MigrationOptions live = d.options(MigrationKind.LIVE);
        assertEquals(Duration.ofMillis(150), live.downtimeLimit());
        assertEquals(100L << 20, live.bandwidthLimit());
        assertEquals(2, live.parallelChannels());
        assertEquals(Duration.ofSeconds(60), live.timeout());
        assertTrue(live.autoConverge());
        assertFalse(d.options(MigrationKind.WARM).autoConverge());
        MigrationOptions nativ = d.options(MigrationKind.NATIVE);
        assertEquals(MigrationOptions.defaults(MigrationKind.NATIVE).withTimeout(Duration.ofSeconds(60)), nativ);
    }

    @Test
    void everyKeyIsNamedOnceUnderBhyvirt() {
        assertEquals(ConfigKey.values().length,
                java.util.Arrays.stream(ConfigKey.values()).map(ConfigKey::key).distinct().count());
        for (ConfigKey k : ConfigKey.values()) {
            assertTrue(k.key().startsWith("bhyvirt."), k.key());
        }
    }
}
