package org.bhyvirt.plugin.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The libvirt RPC listener's settings: whether it runs, the address and port it binds (libvirt's
 * 16509 on loopback by default, 0 = a free port), and whether a non-loopback address was asked
 * for explicitly: plain TCP carries no authentication, so the plugin refuses to expose it unless
 * {@code bhyvirt.rpc.allow-remote-tcp} says so (libvirtd's listen_tcp is off by default for the same
 * reason).
 */
public record RpcSettings(boolean enabled, String address, int port, boolean allowRemoteTcp) {

    public RpcSettings {
        Objects.requireNonNull(address, "address");
    }

    /** The default: 127.0.0.1:16509. */
    public static RpcSettings defaults() {
        return new RpcSettings(true, "127.0.0.1", 16509, false);
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
