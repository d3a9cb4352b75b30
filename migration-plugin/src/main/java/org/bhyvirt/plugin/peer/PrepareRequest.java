package org.bhyvirt.plugin.peer;

/**
 * The body of {@code POST /peer/incoming}: the domain's XML (the source's begin), the offer, and how
 * long the stream may stay silent before the destination gives up (0 = the destination's default).
 *
 * @param domainXml     the domain's definition as the source has it
 * @param offer         the guest's shape and the migration's options
 * @param idleTimeoutMs the stream's longest silence, milliseconds; 0 = the destination's default
 */
public record PrepareRequest(String domainXml, PeerOffer offer, long idleTimeoutMs) {
}
