/**
 * libvirt's RPC protocol in the container: {@link org.bhyvirt.plugin.rpc.RpcListener} starts the
 * bhyve-driver's RPC server when the host is ready (on {@code bhyvirt.rpc.address}:{@code
 * bhyvirt.rpc.port}), hands it the host's lifecycle events, and closes it when the host stops;
 * {@link org.bhyvirt.plugin.rpc.MigrationJobs} shows this host's migrations to {@code virsh
 * domjobinfo}, {@code migrate --verbose} and {@code domjobabort}.
 */
package org.bhyvirt.plugin.rpc;
