package org.bhyvirt.emulator.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Sends one control request to a VM's socket and returns the parsed JSON answer. Fails with an
 * IOException naming the socket if nobody listens or the answer is cut off or too long.
 */
public final class ControlClient {
    private ControlClient() {
    }

    /** Sends {@code command} (with {@code argument}, or null) to the socket at {@code socket}. */
    public static Map<String, Object> request(Path socket, String command, String argument) throws IOException {
        String line = ControlProtocol.PREFIX + " " + command + (argument == null ? "" : " " + argument) + "\n";
        byte[] req = line.getBytes(StandardCharsets.UTF_8);
        if (req.length > ControlProtocol.MAX_REQUEST) {
            throw new IOException("request longer than " + ControlProtocol.MAX_REQUEST + " bytes");
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer b = ByteBuffer.wrap(req);
            while (b.hasRemaining()) {
                c.write(b);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (c.read(in.clear()) >= 0) {
                out.write(in.array(), 0, in.position());
                if (out.size() > ControlProtocol.MAX_ANSWER) {
                    throw new IOException("answer from " + socket + " longer than " + ControlProtocol.MAX_ANSWER + " bytes");
                }
            }
            String text = out.toString(StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new IOException("no answer from " + socket);
            }
            return Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad answer from " + socket + ": " + e.getMessage(), e);
        }
    }
}
