/**
 * libvirt's RPC framing ({@code virnetprotocol.x}): a length word that counts itself, a 24-byte
 * header (program, version, procedure, type, serial, status), then the XDR payload. {@link
 * org.bhyvirt.driver.rpc.wire.PacketReader} bounds the length before it allocates; {@link
 * org.bhyvirt.driver.rpc.wire.Packet} builds replies, errors and event messages; {@link
 * org.bhyvirt.driver.rpc.wire.RemoteError} is libvirt's error struct and {@link
 * org.bhyvirt.driver.rpc.wire.RemoteDomain} its domain reference.
 */
package org.bhyvirt.driver.rpc.wire;
