package org.bhyvirt.driver.rpc.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.bhyvirt.driver.rpc.xdr.Limits;

/**
 * Reads packets from a stream. The length word is checked against libvirt's bounds (a header at
 * least, {@link Limits#MESSAGE_MAX} plus the word at most) before anything is allocated, and the
 * buffer grows only as the peer's bytes arrive: a peer that announces 32 MiB and sends ten bytes
 * costs 64 KiB, not 32 MiB.
 */
public final class PacketReader {

    /** libvirt's VIR_NET_MESSAGE_INITIAL: the first buffer for a packet. */
    static final int INITIAL = 65_536;

    private final InputStream in;

    public PacketReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next packet without its length word, or null when the stream ended cleanly between
     * packets. A length out of bounds or a stream that ends inside a packet throws {@link
     * FramingException}.
     */
    public byte[] next() throws IOException {
        byte[] word = new byte[4];
        int got = readFully(word, 0, 4);
        if (got == 0) {
            return null;
        }
        if (got < 4) {
            throw new FramingException("the stream ended inside a length word");
        }
        long length = ((word[0] & 0xFFL) << 24) | ((word[1] & 0xFF) << 16) | ((word[2] & 0xFF) << 8) | (word[3] & 0xFF);
        if (length < 4 + Header.SIZE || length > 4L + Limits.MESSAGE_MAX) {
            throw new FramingException("packet length " + length + " is outside " + (4 + Header.SIZE) + ".."
                    + (4L + Limits.MESSAGE_MAX));
        }
        int body = (int) length - 4;
        byte[] buf = new byte[Math.min(body, INITIAL)];
        int have = 0;
        while (have < body) {
            if (have == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(body, 2L * buf.length));
            }
            int n = readFully(buf, have, buf.length - have);
            if (n < buf.length - have) {
                throw new FramingException("the stream ended after " + (have + n) + " of a packet's " + body + " bytes");
            }
            have += n;
        }
        return buf;
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = in.read(b, off + done, len - done);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }
}
