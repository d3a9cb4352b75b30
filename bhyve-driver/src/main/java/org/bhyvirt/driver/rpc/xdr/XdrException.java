package org.bhyvirt.driver.rpc.xdr;

/**
 * A payload that is not valid XDR for what was expected: truncated, a length beyond its bound,
 * an unknown union discriminant, or bytes left over. The message names the field.
 */
public final class XdrException extends RuntimeException {

    public XdrException(String message) {
        super(message);
    }
}
