package org.bhyvirt.plugin.config;

/**
 * Every configuration key the plugin reads, with the default it falls back to and what it means,
 * in the order of the README's table. The key names are stable: launchers, Ansible roles and
 * environment variables ({@code BHYVIRT_STATE_DIR} for {@code bhyvirt.state.dir}, by MicroProfile
 * Config's mapping) depend on them.
 */
public enum ConfigKey {
    HOST_NAME("bhyvirt.host.name", "the machine's host name",
            "the name events, capabilities and migrations report for this host"),
    STATE_DIR("bhyvirt.state.dir", "${java.io.tmpdir}/bhyvirt-state",
            "the host's state directory (definitions, runtime status, logs, saves); required in production"),
    BHYVE_DIR("bhyvirt.bhyve.dir", "/usr/sbin when /usr/sbin/bhyve exists",
            "directory holding bhyve, bhyvectl, bhyveload and grub-bhyve of a real FreeBSD host"),
    EMULATOR_BIN_DIR("bhyvirt.emulator.bin-dir", "none",
            "the emulator's bin directory (bhyve-emulator/bin), used when there is no real bhyve"),
    EMULATOR_VM_DIR("bhyvirt.emulator.vm-dir", "/dev/shm/bhyvirt-HOSTNAME",
            "where the emulator keeps its VMs' memory (BHYVIRT_EMU_DIR)"),
    MIGRATION_BIND("bhyvirt.migration.bind", "127.0.0.1",
            "address the migration listener of an incoming migration binds"),
    MIGRATION_PORT("bhyvirt.migration.port", "0",
            "port of the migration listener; 0 = an ephemeral port per migration"),
    MIGRATION_DOWNTIME_LIMIT_MS("bhyvirt.migration.downtime-limit-ms", "300",
            "default downtime limit of a live migration (1 .. 2000000 ms)"),
    MIGRATION_BANDWIDTH_MIBS("bhyvirt.migration.bandwidth-mibs", "0",
            "default bandwidth limit in MiB/s; 0 = unlimited"),
    MIGRATION_CHANNELS("bhyvirt.migration.channels", "1",
            "default number of parallel TCP channels of a migration (1 .. 64)"),
    MIGRATION_TIMEOUT_SECONDS("bhyvirt.migration.timeout-seconds", "0",
            "default timeout of a migration, after which it is cancelled; 0 = none, else 1 .. 86400"),
    MIGRATION_AUTO_CONVERGE("bhyvirt.migration.auto-converge", "true",
            "whether live migrations throttle a guest that dirties memory faster than the link"),
    PEER_SECRET_FILE("bhyvirt.peer.secret-file", "none",
            "file holding the secret shared between hosts; absent = the peer API refuses every call"),
    RPC_ENABLED("bhyvirt.rpc.enabled", "true",
            "whether the host serves libvirt's RPC protocol (virsh -c bhyve+tcp://HOST:PORT/system, libvirt-java)"),
    RPC_ADDRESS("bhyvirt.rpc.address", "127.0.0.1",
            "address of the libvirt RPC listener; a non-loopback one needs bhyvirt.rpc.allow-remote-tcp"),
    RPC_PORT("bhyvirt.rpc.port", "16509",
            "port of the libvirt RPC listener (libvirt's TCP port); 0 = a free port, logged at start"),
    RPC_ALLOW_REMOTE_TCP("bhyvirt.rpc.allow-remote-tcp", "false",
            "allow the unauthenticated plain-TCP listener on a non-loopback address"),
    RPC_TLS_ENABLED("bhyvirt.rpc.tls.enabled", "false",
            "serve libvirt's RPC protocol over TLS too (virsh -c bhyve+tls://HOST:PORT/system)"),
    RPC_TLS_ADDRESS("bhyvirt.rpc.tls.address", "0.0.0.0", "address of the TLS listener"),
    RPC_TLS_PORT("bhyvirt.rpc.tls.port", "16514", "port of the TLS listener (libvirt's TLS port); 0 = a free port"),
    RPC_TLS_CA_FILE("bhyvirt.rpc.tls.ca-file", "/etc/pki/CA/cacert.pem",
            "CA certificate client certificates must chain to (libvirt's PKI layout)"),
    RPC_TLS_CERT_FILE("bhyvirt.rpc.tls.cert-file", "/etc/pki/libvirt/servercert.pem", "the server's certificate"),
    RPC_TLS_KEY_FILE("bhyvirt.rpc.tls.key-file", "/etc/pki/libvirt/private/serverkey.pem", "the server's private key"),
    RPC_TLS_VERIFY_CLIENT("bhyvirt.rpc.tls.verify-client", "true",
            "require a client certificate issued by the CA (libvirtd's tls_no_verify_certificate=0)"),
    RPC_TLS_ALLOWED_DN("bhyvirt.rpc.tls.allowed-dn", "none",
            "client certificate subjects allowed, ';'-separated, shell wildcards (libvirtd's tls_allowed_dn_list); none = any"),
    KAFKA_BOOTSTRAP_SERVERS("bhyvirt.kafka.bootstrap-servers", "none",
            "Kafka brokers (host:port,...) the host publishes its events to; absent = events are only logged"),
    KAFKA_TOPIC_LIFECYCLE("bhyvirt.kafka.topic.lifecycle", "bhyvirt.domain.lifecycle",
            "topic of domain lifecycle events"),
    KAFKA_TOPIC_MIGRATION("bhyvirt.kafka.topic.migration", "bhyvirt.migration",
            "topic of migration events"),
    KAFKA_BUFFER_CAPACITY("bhyvirt.kafka.buffer-capacity", "10000",
            "events that wait while the broker is away (1 .. 1000000); beyond it the oldest progress goes first");

    private final String key;
    private final String defaultText;
    private final String meaning;

    ConfigKey(String key, String defaultText, String meaning) {
        this.key = key;
        this.defaultText = defaultText;
        this.meaning = meaning;
    }

    /** The MicroProfile Config property name. */
    public String key() {
        return key;
    }

    /** The default, as the README's table states it. */
    public String defaultText() {
        return defaultText;
    }

    /** What the key configures. */
    public String meaning() {
        return meaning;
    }
}
