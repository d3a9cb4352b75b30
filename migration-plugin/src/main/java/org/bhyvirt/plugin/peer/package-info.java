/**
 * Host to host: the peer API one plugin offers the others, and its authentication. Every peer
 * request is signed with the hosts' shared secret ({@code bhyvirt.peer.secret-file}): HMAC-SHA256
 * over method, request target, timestamp, nonce and the body's SHA-256 ({@link
 * org.bhyvirt.plugin.peer.PeerSigner}, {@link org.bhyvirt.plugin.peer.PeerVerifier}); a request
 * without a valid signature, outside the time window or replayed is refused with 401, and a host
 * without a secret refuses every peer request. {@link org.bhyvirt.plugin.peer.IncomingMigrations}
 * holds this host's incoming migrations (prepare, finish, cancel) on its ManagedDestination; the
 * records here are their JSON forms. The JAX-RS face ({@code /peer/incoming} and its filter) lives
 * here too; everything else is plain Java.
 */
package org.bhyvirt.plugin.peer;
