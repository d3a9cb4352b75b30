package org.bhyvirt.plugin.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The libvirt RPC listener's settings: whether it runs, the address and port it binds (libvirt's
 * 16509 on loopback by default, 0 = a free port), and whether a non-loopback address was asked
 * for explicitly: plain TCP carries no authentication, so the plugin refuses to expose it unless
 * {@code bhyvirt.rpc.allow-remote-tcp} says so (libvirtd's listen_tcp is off by default for the same
 * reason).
 */
public record RpcSettings(boolean enabled, String address, int port, boolean allowRemoteTcp, Optional<Tls> tls) {

    /**
     * The TLS listener: where it binds, libvirt's PKI files, whether a client certificate is
     * required, and the subjects allowed (empty = any the CA issued).
     */
    public record Tls(String address, int port, Path caFile, Path certFile, Path keyFile, boolean verifyClient,
                      List<String> allowedDn) {
        public Tls {
            Objects.requireNonNull(address, "address");
            allowedDn = List.copyOf(allowedDn);
        }

        /** The resolved bind address. */
        public InetAddress bindAddress() {
            try {
                return InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                throw new InvalidConfigurationException(ConfigKey.RPC_TLS_ADDRESS, "'" + address + "' does not resolve");
            }
        }
    }

    public RpcSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
    }

    /** The default: 127.0.0.1:16509, no TLS. */
    public static RpcSettings defaults() {
        return new RpcSettings(true, "127.0.0.1", 16509, false, Optional.empty());
    }

    /** Resolves the address; a name that does not resolve is a configuration error. */
    InetAddress inetAddress() {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new InvalidConfigurationException(ConfigKey.RPC_ADDRESS, "'" + address + "' does not resolve");
        }
    }

    /** The bind address, checked: a non-loopback one only when remote TCP is allowed. */
    public InetAddress bindAddress() {
        InetAddress a = inetAddress();
        if (!a.isLoopbackAddress() && !allowRemoteTcp) {
            throw new InvalidConfigurationException(ConfigKey.RPC_ADDRESS, "'" + address
                    + "' is not a loopback address: plain TCP has no authentication, set "
                    + ConfigKey.RPC_ALLOW_REMOTE_TCP.key() + "=true to listen on it anyway");
        }
        return a;
    }
}
