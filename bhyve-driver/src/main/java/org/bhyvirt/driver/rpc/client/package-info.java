/**
 * A Java client of libvirt's RPC protocol, the one a bhyvirt source host uses to reach a
 * destination's RPC server in a peer-to-peer migration (what a libvirtd source does with {@code
 * virConnectOpen(dconnuri)}): {@link org.bhyvirt.driver.rpc.client.RpcClient} connects, opens,
 * asks features and makes calls one at a time, answering keepalive PINGs while it waits;
 * {@link org.bhyvirt.driver.rpc.client.LibvirtUri} reads {@code bhyve+tcp://host:port/system}.
 */
package org.bhyvirt.driver.rpc.client;
