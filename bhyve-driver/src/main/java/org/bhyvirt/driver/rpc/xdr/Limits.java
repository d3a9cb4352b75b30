package org.bhyvirt.driver.rpc.xdr;

/**
 * libvirt 9.0's protocol limits ({@code virnetprotocol.x}, {@code remote_protocol.x}): checked
 * before anything of that size is allocated.
 */
public final class Limits {

    /** VIR_NET_MESSAGE_MAX: the largest packet, length word excluded. */
    public static final int MESSAGE_MAX = 33_554_432;
    /** VIR_NET_MESSAGE_STRING_MAX / REMOTE_STRING_MAX. */
    public static final int STRING_MAX = 4_194_304;
    /** REMOTE_DOMAIN_LIST_MAX. */
    public static final int DOMAIN_LIST_MAX = 16_384;
    /** REMOTE_DOMAIN_ID_LIST_MAX and REMOTE_DOMAIN_NAME_LIST_MAX. */
    public static final int NAME_LIST_MAX = 16_384;
    /** REMOTE_AUTH_TYPE_LIST_MAX. */
    public static final int AUTH_TYPE_LIST_MAX = 20;
    /** REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX, REMOTE_DOMAIN_JOB_STATS_MAX. */
    public static final int TYPED_PARAM_LIST_MAX = 64;
    /** REMOTE_MIGRATE_COOKIE_MAX. */
    public static final int COOKIE_MAX = 4_194_304;
    /** REMOTE_DOMAIN_MESSAGES_MAX. */
    public static final int MESSAGES_MAX = 2048;
    /** VIR_SECURITY_MODEL_BUFLEN and VIR_SECURITY_DOI_BUFLEN. */
    public static final int SECURITY_MODEL_MAX = 257;

    private Limits() {
    }
}
