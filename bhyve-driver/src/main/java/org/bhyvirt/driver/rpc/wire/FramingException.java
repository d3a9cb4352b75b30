package org.bhyvirt.driver.rpc.wire;

import java.io.IOException;

/**
 * The byte stream cannot be read as libvirt packets any more (a length word out of bounds, a
 * packet cut short by the end of the stream): the connection has lost its framing and is closed.
 */
public final class FramingException extends IOException {

    public FramingException(String message) {
        super(message);
    }
}
