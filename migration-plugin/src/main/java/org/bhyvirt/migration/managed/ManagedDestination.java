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
 * source; the returned {@link PreparedIncoming} finishes (RUNNING(MIGRATED), event RESUMED migrated) or
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
     * Throws a MigrationException (phase PREPARE) when the guest cannot wait here, or when the
     * offered machine is not the one this host builds from the definition ({@link MachineCheck}).
     */
    @Override
    public PreparedIncoming prepare(String domainXml, MigrationOffer offer, Duration idleTimeout) {
        Objects.requireNonNull(domainXml, "domainXml");
        Objects.requireNonNull(offer, "offer");
        if (offer.kind() == MigrationKind.NATIVE) {
            throw new MigrationException(Code.OPERATION_UNSUPPORTED, MigrationPhase.PREPARE, "PREPARE",
                    "a native (patched bhyve) migration of " + offer.name() + " is not prepared by the managed "
                    + "destination: bhyve -R listens itself");
        }
        MachineCheck.require(offer, () -> driver.migration().machineFor(domainXml), describe());
        if (offer.kind() == MigrationKind.COLD) {
            return new ColdIncoming(ColdTargetMigration.prepare(offer, bind, driver.coldMigration().checkpointDir(),
                    idleTimeout), driver, domainXml);
        }
        return new LiveIncoming(TargetMigration.prepare(offer, vmms, bind, stagingDir, idleTimeout,
                DestinationMemory.ON_DEMAND, new DriverGuest(driver, domainXml)));
    }

    @Override
    public String describe() {
        return "host " + driver.capabilities().hostName();
    }

    /**
     * A prepared live or warm migration: a guest waits for its state; finish resumes it (the state is
     * already restored) and records it running, returning the destination's share of the downtime.
     */
    private record LiveIncoming(TargetMigration target) implements PreparedIncoming {
        @Override
        public Incoming incoming() {
            return target.incoming();
        }

        @Override
        public TargetTimes finish(Duration timeout) {
            return target.finish(timeout);
        }

        @Override
        public void cancel() {
            cancelQuietly(target::cancel);
        }
    }

    /** A prepared cold migration: a listener for the checkpoint files; finish restores the guest from them. */
    private record ColdIncoming(ColdTargetMigration target, DomainDriver driver, String xml) implements PreparedIncoming {
        @Override
        public Incoming incoming() {
            return target.incoming();
        }

        @Override
        public TargetTimes finish(Duration timeout) {
            Duration restore = target.finish((name, checkpoint) -> driver.coldMigration().restoreIncoming(xml,
                    checkpoint), timeout);
            return new TargetTimes(restore, Duration.ZERO, Duration.ZERO);
        }

        @Override
        public void cancel() {
            cancelQuietly(target::cancel);
        }
    }

    /** Cancels, logging rather than throwing ({@link PreparedIncoming#cancel()} never throws). */
    private static void cancelQuietly(Runnable cancel) {
        try {
            cancel.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cancelling the incoming migration failed: " + e);
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
