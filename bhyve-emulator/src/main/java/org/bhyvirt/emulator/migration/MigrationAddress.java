package org.bhyvirt.emulator.migration;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A {@code host[,port]} argument of {@code bhyve -R} and {@code bhyvectl --migrate[-live]}, parsed as the
 * patch does: a comma separates the port, which is read like {@code sscanf("%d")} (leading sign and digits;
 * none is "Could not parse the port"), and defaults to {@value #DEFAULT_PORT}.
 *
 * @param host the host part as given
 * @param port the port
 */
public record MigrationAddress(String host, int port) {
    /** The patch's {@code DEFAULT_MIGRATION_PORT}. */
    public static final int DEFAULT_PORT = 24983;
    /** The patch's {@code MAX_HOSTNAME_LEN}. */
    public static final int MAX_HOSTNAME_LEN = 255;

    /** Parses {@code spec}; throws IllegalArgumentException with the patch's message for a bad port. */
    public static MigrationAddress parse(String spec) {
        int comma = spec.indexOf(',');
        if (comma < 0) {
            return new MigrationAddress(truncate(spec), DEFAULT_PORT);
        }
        String rest = spec.substring(comma + 1);
        int i = 0;
        while (i < rest.length() && Character.isWhitespace(rest.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < rest.length() && (rest.charAt(i) == '-' || rest.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < rest.length() && Character.isDigit(rest.charAt(i)) && i - digits < 9) {
            i++;
        }
        if (i == digits) {
            throw new IllegalArgumentException("Could not parse the port");
        }
        return new MigrationAddress(truncate(spec.substring(0, comma)), Integer.parseInt(rest.substring(start, i)));
    }

    private static String truncate(String host) {
        return host.length() > MAX_HOSTNAME_LEN - 1 ? host.substring(0, MAX_HOSTNAME_LEN - 1) : host;
    }

    /** {@code host,port}, the form sent over the control socket. */
    public String spec() {
        return host + "," + port;
    }

    /**
     * The address the host resolves to first, which must be IPv4 (the patch refuses IPv6); throws
     * IllegalArgumentException with the patch's message otherwise.
     */
    public Inet4Address resolveIpv4() {
        InetAddress first;
        try {
            first = InetAddress.getAllByName(host)[0];
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("migrate_connections: Could not get address info for " + host);
        }
        if (!(first instanceof Inet4Address v4)) {
            throw new IllegalArgumentException("migrate_connections: IPv6 is not supported yet for migration. "
                    + "Please try again using a IPv4 address.");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("migrate_connections: port " + port + " is not a TCP port");
        }
        return v4;
    }
}
