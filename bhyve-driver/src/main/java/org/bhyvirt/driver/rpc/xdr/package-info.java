/**
 * XDR (RFC 4506) as libvirt's RPC protocol uses it: big-endian 4-byte integers, 8-byte hypers,
 * length-prefixed strings and opaques padded to 4 bytes, optional values as a present flag,
 * 4-byte characters in fixed character arrays, and libvirt's typed parameters. The decoder checks
 * every length against the bytes left and against the caller's maximum before it allocates
 * anything, so a hostile length can never make it allocate more than the packet holds.
 */
package org.bhyvirt.driver.rpc.xdr;
