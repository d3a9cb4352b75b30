package org.bhyvirt.migration.managed;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.bhyvirt.driver.domain.ColdMigrationSupport;
import org.bhyvirt.driver.domain.DomainMigrationSupport;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.ColdSourceMigration;
import org.bhyvirt.migration.engine.DomainCheckpointer;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;

/**
 * One domain's cold migration from a source host's driver to a {@link DestinationHost} (in this JVM
 * or a peer), as {@link ManagedMigration} runs it for {@code MigrationKind.COLD}: BEGIN (the source
 * driver's job), PREPARE (the destination listens; no VM yet), PERFORM (handshake while the guest runs, then the source driver checkpoints it:
 * PAUSED(MIGRATION) + SUSPENDED migrated, and the files travel), FINISH (the destination driver
 * restores them: loader, {@code bhyve -r}, RUNNING(MIGRATED) + STARTED migrated), CONFIRM (the
 * source domain SHUTOFF(MIGRATED) + STOPPED migrated).
 *
 * <p>Guarantee: any failure before FINISH succeeded restores the guest on the source
 * (RUNNING(MIGRATION_CANCELED) + RESUMED migrated) and leaves nothing on the destination; the
 * outcome says NONE only when even that restore failed (its files are then kept and named).
 * Downtime is the whole stop: checkpoint, transfer and the destination's restore.
 */
final class ColdDomainMigration {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(60);

    private final SourceHost source;
    private final DestinationHost destination;
    private final String domain;
    private final MigrationOptions options;
    private final MigrationListener listener;
    private volatile boolean cancelled;
    private volatile ColdSourceMigration engine;
    private volatile PreparedIncoming target;
    private MigrationProgress last;

    ColdDomainMigration(SourceHost source, DestinationHost destination, String domain, MigrationOptions options,
            MigrationListener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Cancels from any thread until FINISH begins: the guest runs on (or again) on the source. */
    void cancel() {
        cancelled = true;
        ColdSourceMigration e = engine;
        if (e != null) {
            e.cancel();
        }
        PreparedIncoming t = target;
        if (t != null) {
            t.cancel();
        }
    }

    MigrationOutcome run() {
        DomainMigrationSupport src = source.driver().migration();
        ColdMigrationSupport cold = source.driver().coldMigration();
        phase(MigrationPhase.BEGIN);
        String xml;
        try {
            xml = src.begin(domain);
        } catch (BhyveDriverException e) {
            return failed(GuestLocation.SOURCE, fromDriver(e, MigrationPhase.BEGIN));
        }
        try {
            long memory;
            try (Vmm vmm = source.vmms().open(domain)) {
                memory = vmm.layout().memoryBytes();
            }
            MigrationOffer offer = MachineCheck.offer(domain, src.machine(domain), memory,
                    options);
            ColdSourceMigration sm = ColdSourceMigration.begin(offer, new DomainCheckpointer(cold), cold.checkpointDir());
            engine = sm;
            phase(MigrationPhase.PREPARE);
            PreparedIncoming tm = destination.prepare(xml, offer, IDLE_TIMEOUT);
            target = tm;
            Incoming incoming = tm.incoming();
            phase(MigrationPhase.PERFORM);
            if (cancelled) {
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.PERFORM, "PERFORM",
                        "the cold migration of " + domain + " was cancelled before its guest stopped");
            }
            try {
                last = sm.perform(incoming, this::progress);
            } catch (RuntimeException e) {
                tm.cancel();
                throw e;
            }
            if (cancelled) {
                tm.cancel();
                sm.confirm(false);
                throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH",
                        "the cold migration of " + domain + " was cancelled before finish");
            }
            phase(MigrationPhase.FINISH);
            Duration restore;
            try {
                restore = tm.finish(FINISH_TIMEOUT).restore();
            } catch (RuntimeException e) {
                sm.confirm(false);
                throw e;
            }
            phase(MigrationPhase.CONFIRM);
            MigrationProgress done = sm.confirm(true);
            progress(done);
            Duration total = Duration.ofMillis(done.downtime());
            Duration transfer = done.durations().finalTransfer();
            Duration checkpoint = done.durations().stateTransfer();
            Duration other = total.minus(transfer).minus(checkpoint).minus(restore);
            // the checkpoint (guest state to files) stands in the state's place, the file transfer in the final round's
            Downtime downtime = new Downtime(transfer, checkpoint, restore, Duration.ZERO,
                    other.isNegative() ? Duration.ZERO : other, total);
            return new MigrationOutcome(domain, GuestLocation.DESTINATION, done, Optional.of(downtime),
                    Optional.empty());
        } catch (MigrationException e) {
            return endSource(src, e);
        } catch (RuntimeException e) {
            return endSource(src, e instanceof BhyveDriverException d ? fromDriver(d, MigrationPhase.PERFORM)
                    : new MigrationException(Code.INTERNAL_ERROR, MigrationPhase.PERFORM, "PERFORM",
                            "unexpected failure: " + e, e));
        }
    }

    /** After a failure: the engine restored the guest if it had stopped it; the source's job ends. */
    private MigrationOutcome endSource(DomainMigrationSupport src, MigrationException e) {
        PreparedIncoming t = target;
        if (t != null) {
            t.cancel();
        }
        try {
            src.confirmOutgoing(domain, false);
        } catch (RuntimeException x) {
            e.addSuppressed(x);
        }
        boolean runs;
        try {
            runs = source.driver().getState(domain).isActive();
        } catch (BhyveDriverException x) {
            runs = false;
        }
        return failed(runs ? GuestLocation.SOURCE : GuestLocation.NONE, e);
    }

    private MigrationOutcome failed(GuestLocation where, MigrationException e) {
        return new MigrationOutcome(domain, where, last, Optional.empty(), Optional.of(e));
    }

    private void phase(MigrationPhase p) {
        try {
            listener.phase(p);
        } catch (RuntimeException e) {
            // a listener that throws does not fail the migration
        }
    }

    private void progress(MigrationProgress p) {
        last = p;
        try {
            listener.progress(p);
        } catch (RuntimeException e) {
            // a listener that throws does not fail the migration
        }
    }

    private static MigrationException fromDriver(BhyveDriverException e, MigrationPhase phase) {
        return new MigrationException(Code.ofNumber(e.number().code()), phase, phase.name(), e.getMessage(), e);
    }
}
