package org.bhyvirt.plugin.rpc;

/**
 * The cookie a bhyvirt source sends with FINISH3_PARAMS: which incoming migration the destination
 * prepared (its id and the domain's name) and how long finish may wait for the stream to complete.
 * JSON, as every cookie between bhyvirt hosts.
 *
 * @param id        the incoming migration's id on the destination (from the prepare cookie)
 * @param domain    the migrating domain's name
 * @param timeoutMs how long finish waits for the stream, milliseconds
 */
public record RpcFinishCookie(String id, String domain, long timeoutMs) {
}
