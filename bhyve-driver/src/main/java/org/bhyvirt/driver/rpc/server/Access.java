package org.bhyvirt.driver.rpc.server;

/** Who may call a procedure: before CONNECT_OPEN, on a read-only connection, or only read-write. */
public enum Access {
    /** Allowed before the connection is opened (AUTH_LIST, SUPPORTS_FEATURE, CONNECT_OPEN). */
    BEFORE_OPEN,
    /** Allowed on any open connection, read-only ones included (queries). */
    READ_ONLY,
    /** Allowed only on a read-write connection (anything that changes a domain). */
    READ_WRITE
}
