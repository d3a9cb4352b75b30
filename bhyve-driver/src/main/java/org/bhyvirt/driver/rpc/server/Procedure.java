package org.bhyvirt.driver.rpc.server;

import org.bhyvirt.driver.rpc.xdr.XdrDecoder;

/**
 * One procedure's handler, in two steps: {@link #decode} reads all of its arguments (the caller
 * then refuses trailing bytes, before anything is done) and returns the {@link Action} that acts
 * and encodes the return struct (empty for void). Errors are thrown as {@link
 * org.bhyvirt.driver.error.BhyveDriverException} with libvirt's numbers; malformed arguments
 * surface as {@link org.bhyvirt.driver.rpc.xdr.XdrException}.
 */
@FunctionalInterface
public interface Procedure {

    Action decode(XdrDecoder args);

    /** The decoded call, ready to run on a connection. */
    @FunctionalInterface
    interface Action {
        byte[] run(Session session);
    }

    /** No return struct. */
    byte[] VOID = new byte[0];
}
