package org.bhyvirt.driver.rpc.server;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLContext;

/**
 * How an RPC listener runs: where it binds, libvirtd's limits (max_clients, max_workers,
 * max_client_requests) and how many reply bytes may wait for a client that does not read, and
 * for a TLS listener its context and client-certificate rule.
 */
public record RpcServerConfig(InetAddress address, int port, int maxClients, int maxWorkers,
                              int maxRequestsPerClient, long maxQueuedBytesPerClient, Optional<Tls> tls) {

    /** libvirt's plain TCP port (LIBVIRTD_TCP_PORT). */
    public static final int DEFAULT_TCP_PORT = 16509;
    /** libvirt's TLS port (LIBVIRTD_TLS_PORT). */
    public static final int DEFAULT_TLS_PORT = 16514;

    /** A TLS listener's context; {@code requireClientCert} asks for and verifies a client certificate, {@code allowedDn} limits its subject (empty = any chaining to the CA). */
    public record Tls(SSLContext context, boolean requireClientCert, java.util.List<String> allowedDn) {
        public Tls {
            Objects.requireNonNull(context, "context");
            allowedDn = java.util.List.copyOf(allowedDn);
        }
    }

    public RpcServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
        if (maxClients < 1 || maxWorkers < 1 || maxRequestsPerClient < 1 || maxQueuedBytesPerClient < 1 << 20) {
            throw new IllegalArgumentException("limits must be positive (and at least 1 MiB of queued bytes)");
        }
    }

    /** A plain TCP listener with libvirtd's default limits. */
    public static RpcServerConfig tcp(InetAddress address, int port) {
        return new RpcServerConfig(address, port, 5000, 20, 5, 64L << 20, Optional.empty());
    }

    public RpcServerConfig withTls(Tls settings) {
        return new RpcServerConfig(address, port, maxClients, maxWorkers, maxRequestsPerClient,
                maxQueuedBytesPerClient, Optional.of(settings));
    }

    public RpcServerConfig withQueuedBytesLimit(long bytes) {
        return new RpcServerConfig(address, port, maxClients, maxWorkers, maxRequestsPerClient, bytes, tls);
    }

    public RpcServerConfig withLimits(int clients, int workers, int requestsPerClient) {
        return new RpcServerConfig(address, port, clients, workers, requestsPerClient, maxQueuedBytesPerClient, tls);
    }
}
