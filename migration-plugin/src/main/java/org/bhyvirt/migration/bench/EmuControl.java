package org.bhyvirt.migration.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the emulator's documented control protocol (version 1): one request line
 * {@code BHYVIRT-CTL/1 COMMAND\n} on the VM's Unix socket, one flat JSON answer line. Used for
 * {@code status} and {@code self-check}; the answer's string, number and boolean fields come back as text.
 */
final class EmuControl {
    private static final Pattern FIELD = Pattern.compile("\"([^\"]+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)");

    private EmuControl() {
    }

    /** Sends {@code command} to the control socket {@code socket}; throws when the answer is not ok. */
    static Map<String, String> ask(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(("BHYVIRT-CTL/1 " + command + "\n").getBytes(StandardCharsets.UTF_8)));
            InputStream in = Channels.newInputStream(ch);
            String answer = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).strip();
            Map<String, String> m = parse(answer);
            if (!"true".equals(m.get("ok"))) {
                throw new IOException(command + " on " + socket + " answered " + answer);
            }
            return m;
        }
    }

    static Map<String, String> parse(String json) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = FIELD.matcher(json);
        while (x.find()) {
            m.put(x.group(1), x.group(3) != null ? x.group(3) : x.group(2).strip());
        }
        return m;
    }
}
