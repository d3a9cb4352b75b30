package org.bhyvirt.driver.rpc.wire;

/** The RPC programs bhyvirt speaks: libvirt's remote program and the keepalive program. */
public final class Programs {

    /** REMOTE_PROGRAM. */
    public static final int REMOTE = 0x20008086;
    /** REMOTE_PROTOCOL_VERSION. */
    public static final int REMOTE_VERSION = 1;
    /** KEEPALIVE_PROGRAM ("keep"). */
    public static final int KEEPALIVE = 0x6b656570;
    /** KEEPALIVE_PROTOCOL_VERSION. */
    public static final int KEEPALIVE_VERSION = 1;
    /** KEEPALIVE_PROC_PING. */
    public static final int KEEPALIVE_PING = 1;
    /** KEEPALIVE_PROC_PONG. */
    public static final int KEEPALIVE_PONG = 2;

    private Programs() {
    }
}
