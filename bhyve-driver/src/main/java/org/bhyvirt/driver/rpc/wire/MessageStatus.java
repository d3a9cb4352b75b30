package org.bhyvirt.driver.rpc.wire;

/** {@code virNetMessageStatus}, with its wire codes. */
public enum MessageStatus {
    OK(0), ERROR(1), CONTINUE(2);

    private final int code;

    MessageStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status with {@code code}, or null for a code libvirt does not define. */
    public static MessageStatus ofCode(int code) {
        for (MessageStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
