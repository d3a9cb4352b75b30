package org.bhyvirt.emulator.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The VM's control socket: a Unix domain stream socket that takes one request line per connection and
 * answers with one JSON line, then closes. Requests longer than {@link ControlProtocol#MAX_REQUEST}
 * bytes, of another protocol version, or naming an unknown command get an error answer
 * ({@code "ok":false}). Each connection is served on its own daemon thread; an idle server blocks in
 * accept and costs no CPU.
 */
public final class ControlServer implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;
    private final ControlTarget target;
    private final Thread acceptor;

    private ControlServer(Path path, ServerSocketChannel server, ControlTarget target) {
        this.path = path;
        this.server = server;
        this.target = target;
        this.acceptor = new Thread(null, this::acceptLoop, "control " + path, 128 * 1024);
        acceptor.setDaemon(true);
    }

    /**
     * Binds the socket at {@code path} (replacing a stale one) and starts serving {@code target}. The socket
     * is bound and listening under a temporary name, then renamed: once {@code path} exists, it accepts.
     */
    public static ControlServer start(Path path, ControlTarget target) throws IOException {
        Files.deleteIfExists(path);
        Path temporary = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(temporary);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(temporary));
        Files.move(temporary, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        ControlServer s = new ControlServer(path, ch, target);
        s.acceptor.start();
        return s;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                Thread t = new Thread(null, () -> serve(c), "control client", 256 * 1024);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel c) {
        Runnable after = () -> { };
        try (c) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("protocol", ControlProtocol.VERSION);
            try {
                String line = readLine(c);
                ControlTarget.Outcome out = dispatch(line, answer);
                answer.put("ok", true);
                answer.putAll(out.fields());
                after = out.afterAnswer();
            } catch (IllegalArgumentException | IllegalStateException | IOException e) {
                answer.put("ok", false);
                answer.put("error", e.getMessage());
            }
            ByteBuffer b = ByteBuffer.wrap((Json.write(answer) + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                c.write(b);
            }
        } catch (IOException e) {
            return;
        }
        after.run();
    }

    private ControlTarget.Outcome dispatch(String line, Map<String, Object> answer) throws IOException {
        if (!line.startsWith(ControlProtocol.PREFIX + " ")) {
            throw new IllegalArgumentException("request must start with '" + ControlProtocol.PREFIX + " '");
        }
        String rest = line.substring(ControlProtocol.PREFIX.length() + 1);
        int sp = rest.indexOf(' ');
        String name = sp < 0 ? rest : rest.substring(0, sp);
        String arg = sp < 0 ? null : rest.substring(sp + 1);
        Optional<ControlCommand> cmd = ControlCommand.byWireName(name);
        if (cmd.isEmpty()) {
            throw new IllegalArgumentException("unknown command '" + name + "'");
        }
        answer.put("command", name);
        if (cmd.get().takesArgument() && (arg == null || arg.isEmpty())) {
            throw new IllegalArgumentException("command '" + name + "' needs an argument");
        }
        if (!cmd.get().takesArgument() && arg != null) {
            throw new IllegalArgumentException("command '" + name + "' takes no argument");
        }
        return target.execute(cmd.get(), arg);
    }

    private static String readLine(SocketChannel c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(512);
        while (true) {
            b.clear();
            int n = c.read(b);
            if (n < 0) {
                throw new IllegalArgumentException("request ended without a newline");
            }
            for (int k = 0; k < n; k++) {
                byte x = b.get(k);
                if (x == '\n') {
                    return out.toString(StandardCharsets.UTF_8);
                }
                out.write(x);
                if (out.size() >= ControlProtocol.MAX_REQUEST) {
                    throw new IllegalArgumentException("request longer than " + ControlProtocol.MAX_REQUEST + " bytes");
                }
            }
        }
    }

    /** Stops accepting and removes the socket file. */
    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
