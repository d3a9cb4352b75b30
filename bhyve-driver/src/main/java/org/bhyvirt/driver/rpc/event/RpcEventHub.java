package org.bhyvirt.driver.rpc.event;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.event.EventPublisher;
import org.bhyvirt.driver.event.LifecycleEvent;
import org.bhyvirt.driver.rpc.proc.RemoteProcedure;
import org.bhyvirt.driver.rpc.server.RpcConnection;
import org.bhyvirt.driver.rpc.server.RpcServer;
import org.bhyvirt.driver.rpc.server.Session;
import org.bhyvirt.driver.rpc.wire.Packet;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/**
 * Delivers the driver's lifecycle events to the RPC clients that asked for them. Each event goes
 * to every callback of event id 0 (VIR_DOMAIN_EVENT_ID_LIFECYCLE) whose domain filter matches,
 * with the domain's current id. Sending only queues the packet on the connection, so a slow client
 * never slows the driver; a failure is logged and never reaches the driver.
 */
public final class RpcEventHub implements EventPublisher {

    /** VIR_DOMAIN_EVENT_ID_LIFECYCLE. */
    public static final int LIFECYCLE = 0;
    /** The event ids libvirt 9.0 defines (VIR_DOMAIN_EVENT_ID_LAST). */
    public static final int EVENT_ID_COUNT = 27;

    private static final Logger LOG = Logger.getLogger(RpcEventHub.class.getName());

    private final Set<RpcServer> servers = new CopyOnWriteArraySet<>();
    private volatile DomainDriver driver;

    /** The driver whose domains' current ids go into events (set once it is open). */
    public void bind(DomainDriver d) {
        this.driver = Objects.requireNonNull(d, "driver");
    }

    public void attach(RpcServer server) {
        servers.add(server);
    }

    public void detach(RpcServer server) {
        servers.remove(server);
    }

    @Override
    public void publish(LifecycleEvent event) {
        try {
            deliver(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "delivering " + event.detail() + " of " + event.domainName() + " to RPC clients failed", e);
        }
    }

    private void deliver(LifecycleEvent event) {
        RemoteDomain dom = null;
        for (RpcServer server : servers) {
            for (RpcConnection c : server.connections()) {
                for (Session.Callback cb : c.callbacksNow()) {
                    if (cb.eventId() != LIFECYCLE || cb.domain().map(u -> !u.equals(event.domainUuid())).orElse(false)) {
                        continue;
                    }
                    if (dom == null) {
                        dom = domainOf(event);
                    }
                    c.send(packet(cb, dom, event));
                }
            }
        }
    }

    private static Packet packet(Session.Callback cb, RemoteDomain dom, LifecycleEvent event) {
        XdrEncoder e = new XdrEncoder(96);
        if (!cb.legacy()) {
            e.writeInt(cb.id());
        }
        RemoteDomain.write(e, dom);
        e.writeInt(event.type().code()).writeInt(event.detail().code());
        RemoteProcedure proc = cb.legacy() ? RemoteProcedure.DOMAIN_EVENT_LIFECYCLE
                : RemoteProcedure.DOMAIN_EVENT_CALLBACK_LIFECYCLE;
        return Packet.event(proc.number(), e.toByteArray());
    }

    private RemoteDomain domainOf(LifecycleEvent event) {
        int id = -1;
        DomainDriver d = driver;
        if (d != null && event.statusAfter().isActive()) {
            try {
                id = d.lookupByUuid(event.domainUuid()).id();
            } catch (BhyveDriverException e) {
                id = -1; // gone again already (a start that failed): inactive
            }
        }
        return new RemoteDomain(event.domainName(), event.domainUuid(), id);
    }
}
