package org.bhyvirt.migration.managed;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.vmm.VmmProvider;
import org.bhyvirt.migration.engine.DestinationMemory;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.IncomingGuest;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.TargetMigration;
import org.bhyvirt.migration.engine.TargetTimes;

/**
 * The destination host's half of a managed migration, usable on its own: {@link #prepare} defines
 * the domain (transient unless defined here), creates its incoming VM and starts its bhyve waiting
 * for the state (PAUSED(MIGRATION), event STARTED migrated, job MIGRATION_IN), and listens for the
 * one source; the returned {@link Prepared} finishes (RUNNING(MIGRATED), event RESUMED migrated) or
 * cancels (SHUTOFF(FAILED), event STOPPED failed, a transient domain forgotten, a persistent
 * definition untouched). Every failure leaves this host without the guest.
 */
public final class ManagedDestination {
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
    public Prepared prepare(String domainXml, MigrationOffer offer, Duration idleTimeout) {
        Objects.requireNonNull(domainXml, "domainXml");
        TargetMigration target = TargetMigration.prepare(offer, vmms, bind, stagingDir, idleTimeout,
                DestinationMemory.ON_DEMAND, new DriverGuest(driver, domainXml));
        return new Prepared(target);
    }

    /** A prepared incoming migration: where the source connects, then finish or cancel. */
    public static final class Prepared {
        private final TargetMigration target;

        private Prepared(TargetMigration target) {
            this.target = target;
        }

        /** The address and one-time token the source's perform needs (libvirt's URI and cookie). */
        public Incoming incoming() {
            return target.incoming();
        }

        /**
         * virDomainMigrateFinish3: waits at most {@code timeout} for the stream to complete, resumes
         * the guest (whose state is already restored) and records it running. Returns the
         * destination's share of the downtime; a MigrationException (the guest discarded) otherwise.
         */
        public TargetTimes finish(Duration timeout) {
            return target.finish(timeout);
        }

        /** Gives up (any thread, before finish resumed the guest): the waiting guest is ended. */
        public void cancel() {
            target.cancel();
        }

        /** Memory bytes received so far. */
        public long bytesReceived() {
            return target.bytesReceived();
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
