/**
 * The libvirt RPC server: {@link org.bhyvirt.driver.rpc.server.RpcServer} accepts connections;
 * each {@link org.bhyvirt.driver.rpc.server.RpcConnection} has a reader thread that frames packets
 * and answers keepalive PINGs at once, a shared worker pool that runs calls (several in flight per
 * connection, replies matched by serial and sent as they finish), and a writer thread fed by a
 * bounded outbox, so a client that never reads is disconnected instead of holding memory or
 * workers. {@link org.bhyvirt.driver.rpc.server.ProcedureTable} maps procedure numbers to
 * handlers; an unknown number gets libvirtd's own answer ("unknown procedure: N", VIR_ERR_RPC from
 * VIR_FROM_RPC) so clients fall back.
 */
package org.bhyvirt.driver.rpc.server;
