package org.bhyvirt.emulator.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one control request to a VM's socket and returns the parsed JSON answer. Fails with an
 * IOException naming the socket if nobody listens, no answer comes within the timeout (a bhyve held by
 * SIGSTOP cannot answer), or the answer is cut off or too long.
 */
public final class ControlClient {
    private ControlClient() {
    }

    /** How long a checkpoint or suspend may take to answer. */
    public static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(10);
    /** How long any other command may take to answer. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /** Sends {@code command} with the timeout its kind allows. */
    public static Map<String, Object> request(Path socket, String command, String argument) throws IOException {
        boolean snapshot = command.equals("checkpoint") || command.equals("suspend");
        return request(socket, command, argument, snapshot ? SNAPSHOT_TIMEOUT : COMMAND_TIMEOUT);
    }

    /** Sends {@code command} (with {@code argument}, or null) to the socket at {@code socket}; waits at most {@code timeout}. */
    public static Map<String, Object> request(Path socket, String command, String argument, Duration timeout)
            throws IOException {
        String line = ControlProtocol.PREFIX + " " + command + (argument == null ? "" : " " + argument) + "\n";
        byte[] req = line.getBytes(StandardCharsets.UTF_8);
        if (req.length > ControlProtocol.MAX_REQUEST) {
            throw new IOException("request longer than " + ControlProtocol.MAX_REQUEST + " bytes");
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> closeQuietly(c),
                    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
            try {
                return exchange(c, socket, req);
            } catch (AsynchronousCloseException e) {
                throw new IOException("no answer from " + socket + " within " + timeout.toMillis() + " ms", e);
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            return;
        }
    }

    private static Map<String, Object> exchange(SocketChannel c, Path socket, byte[] req) throws IOException {
        try {
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
