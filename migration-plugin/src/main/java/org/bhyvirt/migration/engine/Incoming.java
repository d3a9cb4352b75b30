package org.bhyvirt.migration.engine;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.bhyvirt.migration.protocol.MigrationToken;

/**
 * What {@code prepare} on the destination answers (libvirt's URI plus cookie): the address the
 * destination listens on for this one migration and the one-time token the source must present.
 *
 * @param address where the source connects
 * @param token   the one-time token; a HELLO carrying any other is refused
 */
public record Incoming(InetSocketAddress address, MigrationToken token) {
    public Incoming {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token, "token");
    }
}
