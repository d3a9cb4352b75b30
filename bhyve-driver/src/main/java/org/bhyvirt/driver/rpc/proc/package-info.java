/**
 * The procedures of libvirt's remote program, grouped by what they touch: the connection and node
 * ({@link org.bhyvirt.driver.rpc.proc.ConnectProcedures}), domain queries ({@link
 * org.bhyvirt.driver.rpc.proc.DomainQueryProcedures}), domain lifecycle ({@link
 * org.bhyvirt.driver.rpc.proc.DomainLifecycleProcedures}), jobs ({@link
 * org.bhyvirt.driver.rpc.proc.JobProcedures}) and event callbacks ({@link
 * org.bhyvirt.driver.rpc.proc.EventProcedures}). Each decodes exactly libvirt 9.0's argument
 * struct, calls the domain driver by the domain's UUID (a client's name and id may be stale), and
 * encodes libvirt's return struct. {@link org.bhyvirt.driver.rpc.proc.RemoteProcedures} builds the
 * whole table.
 */
package org.bhyvirt.driver.rpc.proc;
