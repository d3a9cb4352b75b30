package org.bhyvirt.emulator.migration;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One side of a migration connection: sends and receives the patch's raw little-endian C structs and
 * buffers. Every receive reads exactly the bytes asked for; end of stream is an {@link EOFException}
 * (a failure, unlike the patch's receive loop). Sends are buffered; {@link #flush} pushes them out.
 */
final class MigrationStream implements AutoCloseable {
    /** Size of {@code struct migration_message_type}. */
    static final int HEADER_BYTES = 80;
    /** Size of {@code struct migration_system_specs}. */
    static final int SPECS_BYTES = 520;
    static final int MAX_DEV_NAME_LEN = 64;
    static final int MAX_SPEC_LEN = 256;
    static final int TYPE_SPECS = 1;
    static final int TYPE_KERN = 4;
    static final int TYPE_DEV = 5;
    private static final int BUFFER = 1 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    MigrationStream(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
    }

    /** A {@code migration_message_type}. */
    record Header(long len, int type, int reqType, String name) {
    }

    void sendHeader(Header h) throws IOException {
        ByteBuffer b = le(HEADER_BYTES);
        b.putLong(h.len()).putInt(h.type()).putInt(h.reqType());
        byte[] name = h.name().getBytes(StandardCharsets.UTF_8);
        b.put(name, 0, Math.min(name.length, MAX_DEV_NAME_LEN - 1));
        out.write(b.array());
    }

    Header recvHeader() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(recv(HEADER_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        long len = b.getLong();
        int type = b.getInt();
        int req = b.getInt();
        return new Header(len, type, req, cString(b.array(), 16, MAX_DEV_NAME_LEN));
    }

    void sendSpecs(HostSpecs s) throws IOException {
        ByteBuffer b = le(SPECS_BYTES);
        putCString(b, 0, s.machine());
        putCString(b, MAX_SPEC_LEN, s.model());
        b.putLong(2 * MAX_SPEC_LEN, s.pageSize());
        out.write(b.array());
    }

    HostSpecs recvSpecs() throws IOException {
        byte[] raw = recv(SPECS_BYTES);
        long pageSize = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong(2 * MAX_SPEC_LEN);
        return new HostSpecs(cString(raw, 0, MAX_SPEC_LEN), cString(raw, MAX_SPEC_LEN, MAX_SPEC_LEN), pageSize);
    }

    void sendLong(long v) throws IOException {
        out.write(le(8).putLong(v).array());
    }

    void sendInt(int v) throws IOException {
        out.write(le(4).putInt(v).array());
    }

    void sendByte(int v) throws IOException {
        out.write(v);
    }

    long recvLong() throws IOException {
        return ByteBuffer.wrap(recv(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    int recvInt() throws IOException {
        return ByteBuffer.wrap(recv(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    int recvByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the peer closed the connection");
        }
        return b;
    }

    void send(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    void send(byte[] b) throws IOException {
        out.write(b);
    }

    /** Reads exactly {@code n} bytes. */
    byte[] recv(int n) throws IOException {
        byte[] b = new byte[n];
        recvInto(b, 0, n);
        return b;
    }

    void recvInto(byte[] b, int off, int len) throws IOException {
        try {
            in.readFully(b, off, len);
        } catch (EOFException e) {
            throw new EOFException("the peer closed the connection");
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void putCString(ByteBuffer b, int at, String s) {
        byte[] v = s.getBytes(StandardCharsets.UTF_8);
        b.put(at, v, 0, Math.min(v.length, MAX_SPEC_LEN - 1));
    }

    private static String cString(byte[] raw, int at, int max) {
        int end = at;
        while (end < at + max && raw[end] != 0) {
            end++;
        }
        return new String(Arrays.copyOfRange(raw, at, end), StandardCharsets.UTF_8);
    }

}
