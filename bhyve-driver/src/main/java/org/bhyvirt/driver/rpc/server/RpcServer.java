package org.bhyvirt.driver.rpc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.bhyvirt.driver.rpc.wire.Packet;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/**
 * One libvirt RPC listener (plain TCP, or TLS with libvirt's confirmation byte): accepts
 * connections up to max_clients, runs their calls on one pool of max_workers threads, and on
 * {@link #close()} stops accepting, tells clients that registered a close callback why they are
 * dropped, and closes every connection. Guests are not touched.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RpcServer.class.getName());
    /** REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED. */
    private static final int CONNECTION_CLOSED_EVENT = 362;
    /** VIR_CONNECT_CLOSE_REASON_EOF. */
    private static final int CLOSE_REASON_EOF = 1;

    private final RpcServerConfig config;
    private final ProcedureTable procedures;
    private final ServerSocket listener;
    private final ExecutorService workers;
    private final Set<RpcConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    private RpcServer(RpcServerConfig config, ProcedureTable procedures, ServerSocket listener) {
        this.config = config;
        this.procedures = procedures;
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "rpc-worker-" + config.port() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.maxWorkers(), config.maxWorkers(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
        this.acceptor = new Thread(this::acceptLoop, "rpc-accept " + listener.getLocalSocketAddress());
        this.acceptor.setDaemon(true);
    }

    /** Binds the listener and starts accepting; the port is the bound one (0 picks a free port). */
    public static RpcServer start(RpcServerConfig config, ProcedureTable procedures) throws IOException {
        ServerSocket socket = config.tls()
                .map(t -> {
                    try {
                        SSLServerSocket s = (SSLServerSocket) t.context().getServerSocketFactory().createServerSocket();
                        TlsPolicy.configure(s, t);
                        return (ServerSocket) s;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .orElseGet(() -> {
                    try {
                        return new ServerSocket();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(config.address(), config.port()), 128);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + config.address().getHostAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        RpcServer server = new RpcServer(config, procedures, socket);
        server.acceptor.start();
        LOG.info(() -> "libvirt RPC listening on " + config.address().getHostAddress() + ":" + server.port()
                + (config.tls().isPresent() ? " (TLS)" : " (TCP)"));
        return server;
    }

    /** The bound port. */
    public int port() {
        return listener.getLocalPort();
    }

    public RpcServerConfig config() {
        return config;
    }

    ProcedureTable procedures() {
        return procedures;
    }

    ExecutorService workers() {
        return workers;
    }

    /** The open connections now (a snapshot), for event delivery. */
    public List<RpcConnection> connections() {
        return List.copyOf(connections);
    }

    private void acceptLoop() {
        while (!closing) {
            Socket s;
            try {
                s = listener.accept();
            } catch (SocketException e) {
                if (!closing) {
                    LOG.log(Level.WARNING, "the RPC listener failed", e);
                }
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accepting an RPC client failed", e);
                continue;
            }
            if (connections.size() >= config.maxClients()) {
                LOG.warning(() -> "refusing " + s.getRemoteSocketAddress() + ": max_clients " + config.maxClients()
                        + " reached");
                closeQuietly(s);
                continue;
            }
            Thread t = new Thread(() -> begin(s), "rpc-begin " + s.getRemoteSocketAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    /** Completes a connection (TLS handshake and confirmation byte) off the accept thread, then starts it. */
    private void begin(Socket s) {
        try {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (s instanceof SSLSocket ssl) {
                s.setSoTimeout(30_000);
                ssl.startHandshake();
                RpcServerConfig.Tls tls = config.tls().orElseThrow();
                if (!tls.allowedDn().isEmpty()) {
                    TlsPolicy.checkAllowed(ssl, tls);
                }
                out.write(1); // libvirt's TLS confirmation byte
                out.flush();
                s.setSoTimeout(0);
            }
            RpcConnection c = new RpcConnection(this, s, s instanceof SSLSocket);
            connections.add(c);
            if (closing) {
                c.close();
                return;
            }
            c.start(in, out);
        } catch (IOException | RuntimeException e) {
            LOG.info(() -> "client " + s.getRemoteSocketAddress() + " refused: " + e.getMessage());
            closeQuietly(s);
        }
    }

    void closed(RpcConnection c) {
        connections.remove(c);
    }

    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing the listener: " + e.getMessage());
        }
        byte[] reason = new XdrEncoder(4).writeInt(CLOSE_REASON_EOF).toByteArray();
        for (RpcConnection c : connections()) {
            if (c.wantsCloseEvent()) {
                c.send(Packet.event(CONNECTION_CLOSED_EVENT, reason));
            }
            c.closeAfter(true);
        }
        workers.shutdownNow();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(() -> "libvirt RPC listener on port " + listener.getLocalPort() + " closed");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing " + s + ": " + e.getMessage());
        }
    }
}
