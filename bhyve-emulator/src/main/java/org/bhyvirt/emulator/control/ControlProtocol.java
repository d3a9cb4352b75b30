package org.bhyvirt.emulator.control;

/**
 * Constants of the control protocol (documented in the package documentation of
 * {@code org.bhyvirt.emulator}): the request line starts with {@link #PREFIX}, is at most
 * {@link #MAX_REQUEST} bytes of UTF-8 and ends with a newline; the answer is one JSON object on
 * one line, at most {@link #MAX_ANSWER} bytes.
 */
public final class ControlProtocol {
    /** Protocol version. */
    public static final int VERSION = 1;
    /** Every request line starts with this token and a space. */
    public static final String PREFIX = "BHYVIRT-CTL/" + VERSION;
    /** Longest request line accepted, newline included. */
    public static final int MAX_REQUEST = 4096;
    /** Longest answer a client accepts. */
    public static final int MAX_ANSWER = 1 << 20;

    private ControlProtocol() {
    }
}
