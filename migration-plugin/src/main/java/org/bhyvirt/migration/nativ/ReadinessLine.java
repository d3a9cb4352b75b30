package org.bhyvirt.migration.nativ;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The destination bhyve's readiness line, {@code migrate_connections: Waiting for connections from IP on
 * PORT port...} (the patch prints it with a trailing carriage return). A pure parser.
 *
 * @param address the address the destination names
 * @param port    the port it listens on
 */
public record ReadinessLine(String address, int port) {
    private static final Pattern LINE = Pattern.compile("Waiting for connections from (\\S+) on (\\d{1,5}) port\\.\\.\\.");

    /** The readiness announced by {@code line}, if it is the readiness line. */
    public static Optional<ReadinessLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new ReadinessLine(m.group(1), Integer.parseInt(m.group(2))));
    }
}
