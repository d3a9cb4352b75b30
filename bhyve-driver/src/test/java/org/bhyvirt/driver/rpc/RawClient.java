package org.bhyvirt.driver.rpc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;

import org.bhyvirt.driver.rpc.wire.Header;
import org.bhyvirt.driver.rpc.wire.MessageStatus;
import org.bhyvirt.driver.rpc.wire.MessageType;
import org.bhyvirt.driver.rpc.wire.Packet;
import org.bhyvirt.driver.rpc.wire.PacketReader;
import org.bhyvirt.driver.rpc.wire.Programs;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/** Test client speaking raw packets: well-formed calls and whatever bytes a test wants to send. */
final class RawClient implements AutoCloseable {

    final Socket socket;
    private final OutputStream out;
    private final PacketReader in;
    private int serial;

    RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new PacketReader(new DataInputStream(socket.getInputStream()));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a call of the remote program; returns its serial. */
    int sendCall(int procedure, byte[] payload) throws IOException {
        int s = serial++;
        send(new Packet(new Header(Programs.REMOTE, Programs.REMOTE_VERSION, procedure, MessageType.CALL, s,
                MessageStatus.OK), payload).encode());
        return s;
    }

    /** The next packet, or null when the server closed the connection. */
    Packet next() throws IOException {
        byte[] body = in.next();
        return body == null ? null : Packet.decode(body);
    }

    /** Calls and returns the reply with the call's serial (events and keepalives in between skipped). */
    Packet call(int procedure, byte[] payload) throws IOException {
        int s = sendCall(procedure, payload);
        while (true) {
            Packet p = next();
            if (p == null) {
                throw new IOException("the server closed the connection instead of answering procedure " + procedure);
            }
            if (p.header().type() == MessageType.REPLY && p.header().serial() == s) {
                return p;
            }
        }
    }

    /** AUTH_LIST, then CONNECT_OPEN of bhyve:///system. */
    RawClient open() throws IOException {
        call(66, new byte[0]);
        Packet r = call(1, new XdrEncoder().writeBool(true).writeString("bhyve:///system").writeInt(0).toByteArray());
        if (r.header().status() != MessageStatus.OK) {
            throw new IOException("CONNECT_OPEN failed");
        }
        return this;
    }

    /** Whether the server has closed the connection (reads until the end or the timeout). */
    boolean closedByServer() throws IOException {
        try {
            while (next() != null) {
                // replies to what was sent before: drain them
            }
            return true;
        } catch (org.bhyvirt.driver.rpc.wire.FramingException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
