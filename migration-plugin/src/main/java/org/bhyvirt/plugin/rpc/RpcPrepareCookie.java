package org.bhyvirt.plugin.rpc;

import org.bhyvirt.plugin.peer.PreparedAnswer;

/**
 * The cookie a bhyvirt destination answers PREPARE3_PARAMS with: the prepared incoming migration
 * (its id, the stream's address and one-time token) and the libvirt URI at which the source can
 * reach this destination's RPC server to finish it (the address the client reached; null over TLS,
 * which bhyvirt's own client does not speak). JSON.
 *
 * @param answer         the incoming migration, as the peer API's prepare answers it
 * @param destinationUri {@code bhyve+tcp://ADDRESS:PORT/system} of this destination, or null
 */
public record RpcPrepareCookie(PreparedAnswer answer, String destinationUri) {
}
