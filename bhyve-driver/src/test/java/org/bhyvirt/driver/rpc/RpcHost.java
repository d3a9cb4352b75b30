package org.bhyvirt.driver.rpc;

import java.io.IOException;
import java.net.InetAddress;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.EmulatedHost;
import org.bhyvirt.driver.rpc.event.RpcEventHub;
import org.bhyvirt.driver.rpc.proc.DomainJobs;
import org.bhyvirt.driver.rpc.proc.RemoteProcedures;
import org.bhyvirt.driver.rpc.server.RpcServer;
import org.bhyvirt.driver.rpc.server.RpcServerConfig;

/**
 * Test fixture: one emulated bhyve host with its domain driver and a libvirt RPC server on a free
 * loopback port, as the plugin wires them (the event hub is the driver's publisher). {@link
 * #close()} stops the server, then closes the host (every guest destroyed, every process killed,
 * its directories removed).
 */
final class RpcHost implements AutoCloseable {

    final EmulatedHost host;
    final RpcEventHub events = new RpcEventHub();
    final DomainDriver driver;
    final RpcServer server;

    RpcHost() throws IOException {
        this(DomainJobs.NONE);
    }

    RpcHost(DomainJobs jobs) throws IOException {
        this(jobs, c -> c);
    }

    RpcHost(DomainJobs jobs, java.util.function.UnaryOperator<RpcServerConfig> adjust) throws IOException {
        host = new EmulatedHost();
        try {
            driver = host.open(events);
            events.bind(driver);
            server = RpcServer.start(adjust.apply(RpcServerConfig.tcp(InetAddress.getLoopbackAddress(), 0)),
                    RemoteProcedures.forHost(driver, jobs));
            events.attach(server);
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /** The URI virsh connects with. */
    String uri() {
        return "bhyve+tcp://127.0.0.1:" + server.port() + "/system";
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws IOException {
        try {
            events.detach(server);
            server.close();
        } finally {
            host.close();
        }
    }
}
