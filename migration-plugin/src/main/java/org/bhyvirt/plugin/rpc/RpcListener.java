package org.bhyvirt.plugin.rpc;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.rpc.event.RpcEventHub;
import org.bhyvirt.driver.rpc.proc.RemoteProcedures;
import org.bhyvirt.driver.rpc.server.RpcServer;
import org.bhyvirt.driver.rpc.server.ProcedureTable;
import org.bhyvirt.driver.rpc.server.RpcServerConfig;
import org.bhyvirt.driver.rpc.server.TlsFiles;
import org.bhyvirt.plugin.config.InvalidConfigurationException;
import org.bhyvirt.plugin.config.RpcSettings;
import org.bhyvirt.plugin.host.HostReady;
import org.bhyvirt.plugin.host.HostStopping;
import org.bhyvirt.plugin.host.PluginHost;
import org.bhyvirt.plugin.migration.MigrationService;

/**
 * The host's libvirt RPC listener. Started when the host is ready, with the host's driver and its
 * migrations as jobs; every lifecycle event of the host goes to the clients that registered for
 * it; closed (clients told, guests untouched) when the host stops. A listener that cannot bind
 * (the port taken) leaves the host serving REST; {@link #status()} says why, readiness reports it.
 */
@ApplicationScoped
public class RpcListener {

    private static final Logger LOG = Logger.getLogger(RpcListener.class.getName());

    @Inject
    PluginHost host;

    @Inject
    MigrationService migrations;

    @Inject
    org.bhyvirt.plugin.peer.IncomingService incoming;

    private final jakarta.json.bind.Jsonb jsonb = jakarta.json.bind.JsonbBuilder.create();

    private final RpcEventHub events = new RpcEventHub();
    private volatile RpcServer server;
    private volatile RpcServer tlsServer;
    private volatile String status = "not started";

    void onReady(@Observes HostReady ready) {
        start(ready.config().rpc());
    }

    synchronized void start(RpcSettings settings) {
        if (server != null) {
            return;
        }
        if (!settings.enabled()) {
            status = "disabled (bhyvirt.rpc.enabled=false)";
            return;
        }
        try {
            events.bind(host.driver());
            ProcedureTable procedures = RemoteProcedures.forHost(host.driver(), new MigrationJobs(migrations, host::driver),
                    t -> new MigrationProcedures(host.driver(), host::vmms, migrations, incoming, jsonb).register(t));
            RpcServer s = RpcServer.start(RpcServerConfig.tcp(settings.bindAddress(), settings.port()), procedures);
            events.attach(s);
            server = s;
            status = "listening on " + settings.address() + ":" + s.port();
            LOG.info(() -> "host " + host.hostName() + ": virsh -c bhyve+tcp://" + settings.address() + ":" + s.port()
                    + "/system");
            if (settings.tls().isPresent()) {
                RpcSettings.Tls t = settings.tls().get();
                RpcServer secure = RpcServer.start(RpcServerConfig.tcp(t.bindAddress(), t.port()).withTls(
                        new RpcServerConfig.Tls(TlsFiles.serverContext(t.caFile(), t.certFile(), t.keyFile()),
                                t.verifyClient(), t.allowedDn())), procedures);
                events.attach(secure);
                tlsServer = secure;
                status += ", TLS on " + t.address() + ":" + secure.port();
            }
        } catch (IOException | InvalidConfigurationException e) {
            status = (server == null ? "" : status + "; TLS ") + "not listening: " + e.getMessage();
            LOG.log(Level.SEVERE, "the libvirt RPC listener did not start: " + e.getMessage(), e);
        }
    }

    /** Hands a lifecycle event to the RPC clients that asked for it. */
    void onLifecycle(@Observes LifecycleEvent event) {
        events.publish(event);
    }

    void onStopping(@Observes HostStopping stopping) {
        stop();
    }

    synchronized void stop() {
        for (RpcServer s : new RpcServer[] {server, tlsServer}) {
            if (s != null) {
                events.detach(s);
                s.close();
                status = "stopped";
            }
        }
        server = null;
        tlsServer = null;
    }

    /** The bound TLS port while listening. */
    public OptionalInt tlsPort() {
        RpcServer s = tlsServer;
        return s == null ? OptionalInt.empty() : OptionalInt.of(s.port());
    }

    /** The bound port while listening. */
    public OptionalInt port() {
        RpcServer s = server;
        return s == null ? OptionalInt.empty() : OptionalInt.of(s.port());
    }

    /** Whether the listener runs, and if not why. */
    public String status() {
        return status;
    }

    /** Whether the listener is meant to run and does not. */
    public Optional<String> failure() {
        return status.contains("not listening") ? Optional.of(status) : Optional.empty();
    }
}
