package org.bhyvirt.driver.rpc.wire;

import java.nio.ByteBuffer;

/**
 * A packet header ({@code virNetMessageHeader}): program, version, procedure, type, serial and
 * status, with the raw type and status codes kept as received, so a packet with an undefined code
 * can still be answered (or refused) by serial.
 */
public record Header(int program, int version, int procedure, int typeCode, int serial, int statusCode) {

    /** Bytes of a header on the wire. */
    public static final int SIZE = 24;

    public Header(int program, int version, int procedure, MessageType type, int serial, MessageStatus status) {
        this(program, version, procedure, type.code(), serial, status.code());
    }

    /** The message type, or null when the code is not one of libvirt's. */
    public MessageType type() {
        return MessageType.ofCode(typeCode);
    }

    /** The status, or null when the code is not one of libvirt's. */
    public MessageStatus status() {
        return MessageStatus.ofCode(statusCode);
    }

    /** The header of the reply to this call. */
    public Header reply(MessageStatus status) {
        return new Header(program, version, procedure, MessageType.REPLY.code(), serial, status.code());
    }

    static Header read(ByteBuffer b) {
        return new Header(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }

    void write(ByteBuffer b) {
        b.putInt(program).putInt(version).putInt(procedure).putInt(typeCode).putInt(serial).putInt(statusCode);
    }

    @Override
    public String toString() {
        MessageType t = type();
        return "prog=0x" + Integer.toHexString(program) + " vers=" + version + " proc=" + procedure
                + " type=" + (t == null ? typeCode : t) + " serial=" + Integer.toUnsignedString(serial)
                + " status=" + statusCode;
    }
}
