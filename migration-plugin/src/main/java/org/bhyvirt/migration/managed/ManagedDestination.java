package org.bhyvirt.migration.managed;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.vmm.VmmProvider;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.ColdTargetMigration;
import org.bhyvirt.migration.engine.DestinationMemory;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.IncomingGuest;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.TargetMigration;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.options.MigrationKind;

/**
 * The destination host's half of a managed migration in this JVM, usable on its own (the peer API
 * serves it to other hosts): for a live or warm offer {@link #prepare} defines the domain
 * (transient unless defined here), creates its incoming VM and starts its bhyve waiting for the
 * state (PAUSED(MIGRATION), event STARTED migrated, job MIGRATION_IN), and listens for the one
 * source; the returned {@link Prepared} finishes (RUNNING(MIGRATED), event RESUMED migrated) or
 * cancels (SHUTOFF(FAILED), event STOPPED failed, a transient domain forgotten, a persistent
 * definition untouched). For a cold offer prepare only listens (the checkpoint files arrive in the
 * driver's checkpoint directory) and finish restores the guest from them (loader, {@code bhyve -r},
 * RUNNING(MIGRATED) + STARTED migrated). A native offer is refused (OPERATION_UNSUPPORTED): the
 * patched bhyve's migration is not prepared this way. Every failure leaves this host without the guest.
 */
public final class ManagedDestination implements DestinationHost {
    private static final System.Logger LOG = System.getLogger(ManagedDestination.class.getName());
    private final DomainDriver driver;
    private final VmmProvider vmms;
    private final Path stagingDir;
    private final InetAddress bind;

    /**
     * The destination on the host of {@code driver} and {@code vmms}, staging incoming checkpoints in
     * {@code stagingDir} and listening for sources on {@code bind}.
     */
    public ManagedDestination(DomainDriver driver, VmmProvider vmms, Path stagingDir, InetAddress bind) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.vmms = Objects.requireNonNull(vmms, "vmms");
        this.stagingDir = Objects.requireNonNull(stagingDir, "stagingDir");
        this.bind = Objects.requireNonNull(bind, "bind");
    }

    /** This host's domain driver. */
    public DomainDriver driver() {
        return driver;
    }

    /** The address this host listens on for sources. */
    public InetAddress bind() {
        return bind;
    }

    /**
     * virDomainMigratePrepare3: gets ready for the domain defined by {@code domainXml} (the source's
     * begin) with {@code offer}'s shape; the stream may stay silent at most {@code idleTimeout}.
     * Throws a MigrationException (phase PREPARE) when the guest cannot wait here.
     */
    @Override
    public Prepared prepare(String domainXml, MigrationOffer offer, Duration idleTimeout) {
        Objects.requireNonNull(domainXml, "domainXml");
        Objects.requireNonNull(offer, "offer");
        if (offer.kind() == MigrationKind.NATIVE) {
            throw new MigrationException(Code.OPERATION_UNSUPPORTED, MigrationPhase.PREPARE, "PREPARE",
                    "a native (patched bhyve) migration of " + offer.name() + " is not prepared by the managed "
                    + "destination: bhyve -R listens itself");
        }
        if (offer.kind() == MigrationKind.COLD) {
            ColdTargetMigration cold = ColdTargetMigration.prepare(offer, bind,
                    driver.coldMigration().checkpointDir(), idleTimeout);
            return new Prepared(null, cold, driver, domainXml);
        }
        TargetMigration target = TargetMigration.prepare(offer, vmms, bind, stagingDir, idleTimeout,
                DestinationMemory.ON_DEMAND, new DriverGuest(driver, domainXml));
        return new Prepared(target, null, driver, domainXml);
    }

    @Override
    public String describe() {
        return "host " + driver.capabilities().hostName();
    }

    /**
     * A prepared incoming migration (live or warm: a waiting guest; cold: a listener for the files):
     * where the source connects, then finish or cancel.
     */
    public static final class Prepared implements PreparedIncoming {
        private final TargetMigration target;
        private final ColdTargetMigration cold;
        private final DomainDriver driver;
        private final String xml;

        private Prepared(TargetMigration target, ColdTargetMigration cold, DomainDriver driver, String xml) {
            this.target = target;
            this.cold = cold;
            this.driver = driver;
            this.xml = xml;
        }

        @Override
        public Incoming incoming() {
            return target != null ? target.incoming() : cold.incoming();
        }

        /**
         * virDomainMigrateFinish3: waits at most {@code timeout} for the stream to complete, resumes
         * the guest (whose state is already restored) and records it running. Returns the
         * destination's share of the downtime; a MigrationException (the guest discarded) otherwise.
         */
        @Override
        public TargetTimes finish(Duration timeout) {
            if (target != null) {
                return target.finish(timeout);
            }
            Duration restore = cold.finish((name, checkpoint) -> driver.coldMigration().restoreIncoming(xml,
                    checkpoint), timeout);
            return new TargetTimes(restore, Duration.ZERO, Duration.ZERO);
        }

        /** Gives up (any thread, before finish resumed the guest): the waiting guest is ended. */
        @Override
        public void cancel() {
            try {
                if (target != null) {
                    target.cancel();
                } else {
                    cold.cancel();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cancelling the incoming migration failed: " + e);
            }
        }

        /** Memory (or, cold, checkpoint) bytes received so far. */
        public long bytesReceived() {
            return target != null ? target.bytesReceived() : cold.bytesReceived();
        }
    }

    /** The driver's prepare/finish/abort of an incoming domain. */
    private record DriverGuest(DomainDriver driver, String xml) implements IncomingGuest {
        @Override
        public void startWaiting(String name, Path checkpoint) {
            driver.migration().prepareIncoming(xml, checkpoint);
        }

        @Override
        public void resumed(String name) {
            driver.migration().finishIncoming(name);
        }

        @Override
        public void abandon(String name) {
            driver.migration().abortIncoming(name);
        }
    }
}
