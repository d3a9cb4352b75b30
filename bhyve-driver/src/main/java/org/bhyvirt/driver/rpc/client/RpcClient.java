package org.bhyvirt.driver.rpc.client;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorDomain;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.proc.Feature;
import org.bhyvirt.driver.rpc.proc.RemoteProcedure;
import org.bhyvirt.driver.rpc.wire.Header;
import org.bhyvirt.driver.rpc.wire.MessageStatus;
import org.bhyvirt.driver.rpc.wire.MessageType;
import org.bhyvirt.driver.rpc.wire.Packet;
import org.bhyvirt.driver.rpc.wire.PacketReader;
import org.bhyvirt.driver.rpc.wire.Programs;
import org.bhyvirt.driver.rpc.wire.RemoteError;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/**
 * One connection to a libvirt RPC server. {@link #open} connects and does what virsh does first
 * (AUTH_LIST, CONNECT_OPEN); {@link #call} sends one call and waits at most its timeout for the
 * reply with its serial, answering the server's keepalive PINGs and skipping event messages
 * meanwhile. Calls are serialized. A server's error reply becomes a {@link BhyveDriverException}
 * with the server's number and message; a broken connection or a timeout is SYSTEM_ERROR, after
 * which the client is closed.
 */
public final class RpcClient implements AutoCloseable {

    /** How long connecting may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final OutputStream out;
    private final PacketReader in;
    private final String describe;
    private int serial;

    private RpcClient(Socket socket, String describe) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 65_536);
        this.in = new PacketReader(socket.getInputStream());
        this.describe = describe;
    }

    /** Connects to {@code uri}'s server and opens the connection (read-write). */
    public static RpcClient open(LibvirtUri uri) {
        Socket s = new Socket();
        RpcClient c;
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(uri.host(), uri.port()), (int) CONNECT_TIMEOUT.toMillis());
            c = new RpcClient(s, uri.host() + ":" + uri.port());
        } catch (IOException e) {
            closeQuietly(s);
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, "unable to connect to server at '"
                    + uri.host() + ":" + uri.port() + "': " + e.getMessage(), e);
        }
        try {
            c.call(RemoteProcedure.AUTH_LIST, new byte[0], CONNECT_TIMEOUT);
            c.call(RemoteProcedure.CONNECT_OPEN, new XdrEncoder().writeBool(true).writeString(uri.openName()).writeInt(0)
                    .toByteArray(), CONNECT_TIMEOUT);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Whether the server says it has {@code feature}. */
    public boolean supports(Feature feature) {
        byte[] ret = call(RemoteProcedure.CONNECT_SUPPORTS_FEATURE, new XdrEncoder(4).writeInt(feature.number())
                .toByteArray(), CONNECT_TIMEOUT);
        return XdrDecoder.of(ret).readInt("supported") != 0;
    }

    /** Requires every one of {@code features}; OPERATION_FAILED naming the first one missing. */
    public void require(List<Feature> features, String why) {
        for (Feature f : features) {
            if (!supports(f)) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, why + ": the server at " + describe
                        + " does not support " + f);
            }
        }
    }

    /** Makes one call; its return payload. */
    public synchronized byte[] call(RemoteProcedure procedure, byte[] args, Duration timeout) {
        int mine = serial++;
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            out.write(new Packet(new Header(Programs.REMOTE, Programs.REMOTE_VERSION, procedure.number(),
                    MessageType.CALL, mine, MessageStatus.OK), args).encode());
            out.flush();
            while (true) {
                byte[] body = in.next();
                if (body == null) {
                    throw new IOException("the server closed the connection");
                }
                Packet p = Packet.decode(body);
                Header h = p.header();
                if (h.program() == Programs.KEEPALIVE) {
                    if (h.procedure() == Programs.KEEPALIVE_PING) {
                        out.write(Packet.keepalive(Programs.KEEPALIVE_PONG).encode());
                        out.flush();
                    }
                    continue;
                }
                if (h.type() != MessageType.REPLY || h.serial() != mine) {
                    continue; // an event message, or a reply nobody waits for any more
                }
                if (h.procedure() != procedure.number()) {
                    throw new IOException("reply to serial " + mine + " names procedure " + h.procedure());
                }
                if (h.status() == MessageStatus.ERROR) {
                    RemoteError e = RemoteError.decode(p.payload());
                    throw new BhyveDriverException(VirErrorNumber.ofCode(e.code()), VirErrorDomain.ofCode(e.domain()),
                            e.message(), null);
                }
                return p.payload();
            }
        } catch (SocketTimeoutException e) {
            close();
            throw new BhyveDriverException(VirErrorNumber.OPERATION_TIMEOUT, procedure + " on " + describe
                    + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            close();
            throw new BhyveDriverException(VirErrorNumber.SYSTEM_ERROR, procedure + " on " + describe + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** CONNECT_CLOSE, then the socket; never throws. */
    @Override
    public void close() {
        if (!socket.isClosed()) {
            try {
                socket.setSoTimeout(2_000);
                out.write(new Packet(new Header(Programs.REMOTE, Programs.REMOTE_VERSION,
                        RemoteProcedure.CONNECT_CLOSE.number(), MessageType.CALL, serial++, MessageStatus.OK),
                        new byte[0]).encode());
                out.flush();
            } catch (IOException e) {
                // the server is gone already: nothing to tell it
            }
        }
        closeQuietly(socket);
    }

    public String describe() {
        return describe;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing left to do
        }
    }
}
