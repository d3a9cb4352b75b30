package org.bhyvirt.driver.rpc.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

import org.bhyvirt.driver.rpc.xdr.Limits;

/**
 * One packet: its header and XDR payload. {@link #encode()} gives the bytes on the wire, length
 * word first; {@link #decode(byte[])} reads a packet without its length word (what {@link
 * PacketReader} hands over).
 */
public record Packet(Header header, byte[] payload) {

    public Packet {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
        if (payload.length > Limits.MESSAGE_MAX - Header.SIZE) {
            throw new IllegalArgumentException("a payload of " + payload.length + " bytes exceeds libvirt's packet limit");
        }
    }

    /** The bytes on the wire: length (counting itself), header, payload. */
    public byte[] encode() {
        int length = 4 + Header.SIZE + payload.length;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(length);
        header.write(b);
        b.put(payload);
        return b.array();
    }

    /** A packet from its bytes after the length word. */
    public static Packet decode(byte[] body) {
        if (body.length < Header.SIZE) {
            throw new IllegalArgumentException("a packet of " + body.length + " bytes has no complete header");
        }
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.BIG_ENDIAN);
        Header h = Header.read(b);
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new Packet(h, payload);
    }

    /** A successful reply to {@code call} carrying {@code payload}. */
    public static Packet reply(Header call, byte[] payload) {
        return new Packet(call.reply(MessageStatus.OK), payload);
    }

    /** An error reply to {@code call}. */
    public static Packet error(Header call, RemoteError error) {
        return new Packet(call.reply(MessageStatus.ERROR), error.encode());
    }

    /** An asynchronous message of the remote program (an event), serial 0. */
    public static Packet event(int procedure, byte[] payload) {
        return new Packet(new Header(Programs.REMOTE, Programs.REMOTE_VERSION, procedure, MessageType.MESSAGE,
                0, MessageStatus.OK), payload);
    }

    /** A keepalive message (PING or PONG): type MESSAGE, serial 0, no payload. */
    public static Packet keepalive(int procedure) {
        return new Packet(new Header(Programs.KEEPALIVE, Programs.KEEPALIVE_VERSION, procedure, MessageType.MESSAGE,
                0, MessageStatus.OK), new byte[0]);
    }
}
