package org.bhyvirt.driver.rpc.wire;

/** {@code virNetMessageType}, with its wire codes. */
public enum MessageType {
    CALL(0), REPLY(1), MESSAGE(2), STREAM(3), CALL_WITH_FDS(4), REPLY_WITH_FDS(5), STREAM_HOLE(6);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with {@code code}, or null for a code libvirt does not define. */
    public static MessageType ofCode(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
