package org.bhyvirt.driver.vmm.emulated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;

/**
 * A client of the emulator's control protocol (version 1): one connection per request, the request line
 * {@code BHYVIRT-CTL/1 COMMAND[ ARGUMENT]\n} (at most 4096 bytes), one JSON object line back, answers of at
 * most {@value #MAX_ANSWER} bytes. No socket means no bhyve runs the VM ({@code VIR_ERR_OPERATION_INVALID});
 * an answer with {@code "ok":false} becomes {@link Refused} carrying the emulator's message.
 */
final class ControlChannel {
    static final int MAX_ANSWER = 1 << 20;
    private static final String PREFIX = "BHYVIRT-CTL/1";
    private final String vm;
    private final Path socket;

    /** The emulator's refusal of a command, with its message. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    ControlChannel(String vm, Path socket) {
        this.vm = vm;
        this.socket = socket;
    }

    /** Whether a bhyve serves the socket now (the socket file exists). */
    boolean present() {
        return Files.exists(socket);
    }

    /** Sends {@code command} with {@code argument} (or null) and returns the answer's fields. */
    Map<String, Object> call(String command, String argument) throws Refused {
        String line = PREFIX + " " + command + (argument == null ? "" : " " + argument) + "\n";
        byte[] request = line.getBytes(StandardCharsets.UTF_8);
        if (request.length > 4096) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "control request '" + command
                    + "' for VM " + vm + " is longer than 4096 bytes");
        }
        String text;
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "no bhyve runs VM " + vm
                        + " (its control socket " + socket + " does not answer: " + e.getMessage() + ")", e);
            }
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                c.write(out);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (c.read(in.clear()) >= 0) {
                answer.write(in.array(), 0, in.position());
                if (answer.size() > MAX_ANSWER) {
                    throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "control answer to '" + command
                            + "' from VM " + vm + " exceeds " + MAX_ANSWER + " bytes");
                }
            }
            text = answer.toString(StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "control command '" + command
                    + "' to VM " + vm + " failed: " + e.getMessage(), e);
        }
        Map<String, Object> m;
        try {
            m = FlatJson.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "VM " + vm + " answered '" + command
                    + "' with no valid JSON (" + e.getMessage() + ")", e);
        }
        if (!Long.valueOf(1).equals(m.get("protocol"))) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "VM " + vm + " answered '" + command
                    + "' with control protocol " + m.get("protocol") + ", expected 1");
        }
        if (!Boolean.TRUE.equals(m.get("ok"))) {
            throw new Refused(String.valueOf(m.get("error")));
        }
        return m;
    }

    /** As {@link #call}, a refusal becoming {@code VIR_ERR_OPERATION_FAILED}. */
    Map<String, Object> require(String command, String argument) {
        try {
            return call(command, argument);
        } catch (Refused r) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_FAILED, "VM " + vm + " refused '" + command
                    + "': " + r.getMessage());
        }
    }
}
