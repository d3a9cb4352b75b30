package org.bhyvirt.plugin.peer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.protocol.MigrationToken;

/**
 * The answer of {@code POST /peer/incoming}: the incoming migration's id on the destination (for
 * finish and cancel), where the source's stream connects (an address literal and a port) and the
 * one-time token (64 hex digits) it must present. A wildcard address (the destination listens on
 * all its addresses) is replaced by the host the source reached the peer API on.
 *
 * @param id    the incoming migration's id on the destination
 * @param host  the address the destination listens on for this migration
 * @param port  its port
 * @param token the one-time token, hex
 */
public record PreparedAnswer(String id, String host, int port, String token) {

    /** The answer for the incoming migration {@code id} listening as {@code incoming} says. */
    public static PreparedAnswer of(String id, Incoming incoming) {
        InetSocketAddress a = incoming.address();
        return new PreparedAnswer(id, a.getAddress().getHostAddress(), a.getPort(), incoming.token().toHex());
    }

    /** Where the stream connects and its token; {@code peerHost} replaces a wildcard address. */
    public Incoming toIncoming(String peerHost) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()) {
                address = InetAddress.getByName(peerHost);
            }
            return new Incoming(new InetSocketAddress(address, port), MigrationToken.ofHex(token));
        } catch (UnknownHostException | IllegalArgumentException | NullPointerException e) {
            throw new MigrationException(MigrationException.Code.RPC, MigrationPhase.PREPARE, "PREPARE",
                    "the destination's prepare answered an unusable address or token (" + host + ":" + port + "): "
                    + e.getMessage(), e);
        }
    }
}
