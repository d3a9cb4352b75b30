package org.bhyvirt.plugin.peer;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.managed.ManagedDestination;
import org.bhyvirt.plugin.config.MigrationDefaults;
import org.bhyvirt.plugin.host.HostStopping;
import org.bhyvirt.plugin.host.PluginHost;

/**
 * This host's incoming migrations ({@link IncomingMigrations}) on its own driver: a
 * {@link ManagedDestination} listening on {@code bhyvirt.migration.bind}, staging in the host's
 * staging directory. Once a minute (ManagedScheduledExecutorService) the migrations past their
 * deadline are cancelled; when the host stops every incoming migration is cancelled, so no guest
 * is left waiting here for a source.
 */
@ApplicationScoped
public class IncomingService {
    /** How long an incoming migration without a timeout may wait for finish. */
    static final Duration MAX_AGE = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(IncomingService.class.getName());

    @Inject
    PluginHost host;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private IncomingMigrations incoming;
    private ScheduledFuture<?> sweeper;

    /** The incoming migrations, created on first use. */
    public synchronized IncomingMigrations incoming() {
        if (incoming == null) {
            MigrationDefaults m = host.config().migration();
            if (m.port() != 0) {
                LOG.warning("bhyvirt.migration.port=" + m.port() + " is not supported yet: every incoming migration "
                        + "listens on an ephemeral port of " + m.bind());
            }
            InetAddress bind;
            try {
                bind = InetAddress.getByName(m.bind());
            } catch (UnknownHostException e) {
                throw new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.PREPARE,
                        "PREPARE", "bhyvirt.migration.bind " + m.bind() + " is no address of this host: " + e.getMessage(), e);
            }
            incoming = new IncomingMigrations(new ManagedDestination(host.driver(), host.vmms(), host.stagingDir(),
                    bind), Clock.systemUTC(), MAX_AGE);
            sweeper = scheduler.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
        }
        return incoming;
    }

    private void sweep() {
        IncomingMigrations i;
        synchronized (this) {
            i = incoming;
        }
        if (i != null) {
            i.expire(Instant.now());
        }
    }

    /** The host stops: every incoming migration is cancelled while the driver is still open. */
    void onStopping(@Observes HostStopping stopping) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
        if (incoming != null) {
            incoming.cancelAll();
        }
    }
}
