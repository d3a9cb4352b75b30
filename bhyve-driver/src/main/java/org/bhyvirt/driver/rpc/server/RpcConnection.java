package org.bhyvirt.driver.rpc.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorDomain;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.wire.FramingException;
import org.bhyvirt.driver.rpc.wire.Header;
import org.bhyvirt.driver.rpc.wire.MessageStatus;
import org.bhyvirt.driver.rpc.wire.MessageType;
import org.bhyvirt.driver.rpc.wire.Packet;
import org.bhyvirt.driver.rpc.wire.PacketReader;
import org.bhyvirt.driver.rpc.wire.Programs;
import org.bhyvirt.driver.rpc.wire.RemoteError;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrException;

/**
 * One client connection. Its reader thread frames packets, answers keepalive PINGs at once (also
 * while calls run) and hands each CALL to the server's worker pool, at most {@code
 * maxRequestsPerClient} at a time (then it stops reading, as libvirtd does). Replies go out as
 * calls finish, matched by serial. Everything the connection sends passes through one bounded
 * outbox drained by its writer thread: when a client lets more than the configured bytes pile up
 * it is disconnected. A framing error (a length out of bounds, a stream cut inside a packet)
 * closes the connection; any other bad packet gets an error reply and the connection carries on.
 */
public final class RpcConnection implements Session, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RpcConnection.class.getName());
    private static final byte[] POISON = new byte[0];

    private final RpcServer server;
    private final Socket socket;
    private final String peer;
    private final boolean secure;
    private final Semaphore inFlight;
    private final BlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<Integer, Callback> callbacks = new ConcurrentHashMap<>();
    private final AtomicInteger nextCallbackId = new AtomicInteger();

    private volatile boolean open;
    private volatile boolean readOnly;
    private volatile String uri = "";
    private volatile boolean closeCallback;

    RpcConnection(RpcServer server, Socket socket, boolean secure) {
        this.server = server;
        this.socket = socket;
        this.secure = secure;
        this.peer = socket.getRemoteSocketAddress().toString();
        this.inFlight = new Semaphore(server.config().maxRequestsPerClient());
    }

    /** Starts the reader and writer threads. */
    void start(InputStream in, OutputStream out) {
        Thread writer = new Thread(() -> writeLoop(out), "rpc-write " + peer);
        writer.setDaemon(true);
        writer.start();
        Thread reader = new Thread(() -> readLoop(in), "rpc-read " + peer);
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(InputStream in) {
        PacketReader packets = new PacketReader(in);
        try {
            byte[] body;
            while (!closed.get() && (body = packets.next()) != null) {
                handle(Packet.decode(body));
            }
        } catch (FramingException e) {
            LOG.info(() -> "client " + peer + " lost its framing, disconnecting: " + e.getMessage());
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.fine(() -> "client " + peer + " read failed: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void handle(Packet packet) throws InterruptedException {
        Header h = packet.header();
        if (h.program() == Programs.KEEPALIVE) {
            if (h.procedure() == Programs.KEEPALIVE_PING && h.type() == MessageType.MESSAGE) {
                enqueue(Packet.keepalive(Programs.KEEPALIVE_PONG));
            }
            return;
        }
        if (h.type() != MessageType.CALL && h.type() != MessageType.CALL_WITH_FDS) {
            LOG.fine(() -> "client " + peer + " sent a packet that is no call, ignored: " + h);
            return;
        }
        if (h.program() != Programs.REMOTE || h.version() != Programs.REMOTE_VERSION) {
            enqueue(Packet.error(h, RemoteError.rpc("cannot find program 0x" + Integer.toHexString(h.program())
                    + " version " + h.version())));
            return;
        }
        if (h.type() == MessageType.CALL_WITH_FDS) {
            enqueue(Packet.error(h, RemoteError.rpc("passing file descriptors is not supported")));
            return;
        }
        if (h.status() != MessageStatus.OK) {
            enqueue(Packet.error(h, RemoteError.rpc("a call must have status OK, not " + h.statusCode())));
            return;
        }
        inFlight.acquire();
        try {
            server.workers().execute(() -> {
                try {
                    enqueue(dispatch(h, packet.payload()));
                } finally {
                    inFlight.release();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.release();
            enqueue(Packet.error(h, RemoteError.rpc("the server is shutting down")));
        }
    }

    /** Runs one call; the reply packet, an error reply for any failure. */
    private Packet dispatch(Header h, byte[] payload) {
        Optional<ProcedureTable.Entry> found = server.procedures().find(h.procedure());
        if (found.isEmpty()) {
            return Packet.error(h, RemoteError.unknownProcedure(h.procedure()));
        }
        ProcedureTable.Entry entry = found.get();
        try {
            if (!open && entry.access() != Access.BEFORE_OPEN) {
                return Packet.error(h, new RemoteError(VirErrorNumber.INTERNAL_ERROR.code(), VirErrorDomain.RPC.code(),
                        VirErrorNumber.INTERNAL_ERROR.message("connection not open")));
            }
            if (readOnly && entry.access() == Access.READ_WRITE) {
                return Packet.error(h, new RemoteError(VirErrorNumber.OPERATION_DENIED.code(),
                        VirErrorDomain.DOMAIN.code(), VirErrorNumber.OPERATION_DENIED.message(
                        "read only access prevents " + entry.procedure())));
            }
            XdrDecoder args = XdrDecoder.of(payload);
            Procedure.Action action = entry.handler().decode(args);
            args.expectEnd(entry.procedure().toString());
            return Packet.reply(h, action.run(this));
        } catch (BhyveDriverException e) {
            return Packet.error(h, RemoteError.of(e));
        } catch (XdrException e) {
            return Packet.error(h, RemoteError.rpc("cannot decode the arguments of " + entry.procedure() + ": "
                    + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "procedure " + entry.procedure() + " of client " + peer + " failed", e);
            return Packet.error(h, new RemoteError(VirErrorNumber.INTERNAL_ERROR.code(), VirErrorDomain.RPC.code(),
                    VirErrorNumber.INTERNAL_ERROR.message(entry.procedure() + " failed: " + e)));
        }
    }

    /** Queues a packet for the writer; disconnects a client that lets too much pile up. */
    private void enqueue(Packet packet) {
        if (closed.get()) {
            return;
        }
        byte[] bytes = packet.encode();
        long queued = queuedBytes.addAndGet(bytes.length);
        if (queued > server.config().maxQueuedBytesPerClient()) {
            LOG.warning(() -> "client " + peer + " does not read what it is sent (" + queued
                    + " bytes waiting); disconnecting");
            close();
            return;
        }
        outbox.add(bytes);
    }

    private void writeLoop(OutputStream raw) {
        try (OutputStream out = new BufferedOutputStream(raw, 65_536)) {
            while (true) {
                byte[] next = outbox.take();
                if (next == POISON) {
                    return;
                }
                out.write(next);
                queuedBytes.addAndGet(-next.length);
                if (outbox.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.fine(() -> "client " + peer + " write failed: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            closeSocket();
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing " + peer + ": " + e.getMessage());
        }
        server.closed(this);
    }

    @Override
    public void close() {
        closeAfter(false);
    }

    /** Closes the connection; with {@code drain}, what is already queued is written first. */
    void closeAfter(boolean drain) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        callbacks.clear();
        if (!drain) {
            outbox.clear();
        }
        outbox.add(POISON);
        if (!drain) {
            closeSocket();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** The client's address, as {@code /ADDRESS:PORT}. */
    public String peer() {
        return peer;
    }

    // ---- Session -------------------------------------------------------------------------------

    @Override
    public void open(String openedUri, boolean asReadOnly) {
        this.uri = openedUri;
        this.readOnly = asReadOnly;
        this.open = true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public java.net.InetSocketAddress localAddress() {
        return new java.net.InetSocketAddress(socket.getLocalAddress(), socket.getLocalPort());
    }

    @Override
    public void setCloseCallback(boolean registered) {
        this.closeCallback = registered;
    }

    /** Whether the client asked to hear when the server closes its side (CONNECT_EVENT_CONNECTION_CLOSED). */
    boolean wantsCloseEvent() {
        return closeCallback;
    }

    @Override
    public Callback addCallback(int eventId, Optional<UUID> domain, boolean legacy) {
        Callback c = new Callback(nextCallbackId.getAndIncrement(), eventId, domain, legacy);
        callbacks.put(c.id(), c);
        return c;
    }

    @Override
    public boolean removeCallback(int id) {
        return callbacks.remove(id) != null;
    }

    @Override
    public boolean removeLegacyCallback(int eventId) {
        for (Callback c : callbacks.values()) {
            if (c.legacy() && c.eventId() == eventId && callbacks.remove(c.id()) != null) {
                return true;
            }
        }
        return false;
    }

    /** The callbacks registered now (a snapshot). */
    public List<Callback> callbacksNow() {
        return List.copyOf(callbacks.values());
    }

    @Override
    public void send(Packet packet) {
        enqueue(packet);
    }
}
