package org.bhyvirt.migration.managed;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bhyvirt.driver.domain.DomainMigrationSupport;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationException.Code;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.SourceMigration;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;

/**
 * One domain's migration from a source host to a {@link DestinationHost} (in this JVM or a peer
 * reached over the network), of the options' kind (live or warm here; cold by
 * {@link ColdDomainMigration}; native by {@link NativeDomainMigration}, which needs the destination's
 * driver in this JVM and is refused with OPERATION_UNSUPPORTED towards any other destination), run by
 * {@link #run()} in libvirt v3's phases (begin, prepare, perform, finish, confirm; see the package
 * description for states and events on both hosts). {@link #cancel()} works from any thread until
 * finish starts resuming the guest on the destination. {@link #run()} never throws for a migration
 * that fails: the {@link MigrationOutcome} says where the guest runs and why.
 *
 * <p>Guarantees: the guest runs on exactly one host afterwards (none only when the source guest
 * itself ended meanwhile, e.g. destroyed, which cancels the migration); the source domain's job
 * ends whatever happens; the destination never keeps a half-received guest.
 */
public final class ManagedMigration {
    private static final System.Logger LOG = System.getLogger(ManagedMigration.class.getName());
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FINISH_TIMEOUT = Duration.ofSeconds(60);

    private final SourceHost source;
    private final DestinationHost destination;
    private final String domain;
    private final MigrationOptions options;
    private final MigrationListener listener;
    private volatile MigrationPhase phase;
    private volatile boolean cancelled;
    private volatile ColdDomainMigration cold;
    private volatile NativeDomainMigration nativ;
    private volatile boolean sourceEnded;
    private volatile SourceMigration engine;
    private volatile PreparedIncoming prepared;
    private MigrationProgress last;
    private boolean ran;

    /** A migration of {@code domain} from {@code source} to {@code destination} with {@code options}. */
    public ManagedMigration(SourceHost source, DestinationHost destination, String domain,
            MigrationOptions options, MigrationListener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The phase running now; null before {@link #run()}. */
    public MigrationPhase phase() {
        return phase;
    }

    /**
     * Cancels from any thread: before or during perform the stream stops and the guest runs on
     * here; after perform, before finish, the destination gives up and the source resumes. No
     * effect once finish has begun resuming the guest on the destination, nor on a native migration
     * once bhyvectl asked the patch to migrate (it has no abort; its timeout applies).
     */
    public void cancel() {
        cancelled = true;
        ColdDomainMigration c = cold;
        if (c != null) {
            c.cancel();
        }
        NativeDomainMigration n = nativ;
        if (n != null) {
            n.cancel();
        }
        SourceMigration e = engine;
        if (e != null) {
            e.cancel();
        }
    }

    /** Runs the migration once; returns how it ended. */
    public synchronized MigrationOutcome run() {
        if (ran) {
            throw new IllegalStateException("migration of " + domain + " already ran");
        }
        ran = true;
        if (options.kind() == MigrationKind.COLD) {
            ColdDomainMigration c = new ColdDomainMigration(source, destination, domain, options, tracking());
            cold = c;
            if (cancelled) {
                c.cancel();
            }
            return c.run();
        }
        if (options.kind() == MigrationKind.NATIVE) {
            if (destination instanceof ManagedDestination local) {
                NativeDomainMigration n = new NativeDomainMigration(source, local, domain, options, tracking());
                nativ = n;
                if (cancelled) {
                    n.cancel();
                }
                return n.run();
            }
            enter(MigrationPhase.BEGIN);
            return failed(GuestLocation.SOURCE, new MigrationException(Code.OPERATION_UNSUPPORTED,
                    MigrationPhase.BEGIN, "BEGIN", "a native (patched bhyve) migration of " + domain
                    + " needs both hosts' drivers in one process; " + destination.describe()
                    + " is reached over the network (use LIVE, WARM or COLD)"));
        }
        DomainMigrationSupport src = source.driver().migration();
        enter(MigrationPhase.BEGIN);
        String xml;
        try {
            xml = src.begin(domain);
        } catch (BhyveDriverException e) {
            return failed(GuestLocation.SOURCE, fromDriver(e, MigrationPhase.BEGIN));
        }
        Vmm vmm = null;
        try {
            vmm = source.vmms().open(domain);
            MigrationOffer offer = MachineCheck.offer(domain, src.machine(domain), vmm.layout().memoryBytes(),
                    options);
            SourceMigration sm = SourceMigration.begin(vmm, offer);
            engine = sm;
            CompletableFuture<Void> ended = src.runEnded(domain);
            ended.thenRun(() -> {
                sourceEnded = true;
                sm.cancel();
            });
            if (cancelled) {
                sm.cancel();
            }
            return prepareAndPerform(src, sm, vmm, xml, offer);
        } catch (MigrationException e) {
            return endSource(src, vmm, e);
        } catch (RuntimeException e) {
            return endSource(src, vmm, wrap(e, phase));
        }
    }

    private MigrationOutcome prepareAndPerform(DomainMigrationSupport src, SourceMigration sm, Vmm vmm, String xml,
            MigrationOffer offer) {
        enter(MigrationPhase.PREPARE);
        PreparedIncoming target = destination.prepare(xml, offer, IDLE_TIMEOUT);
        prepared = target;
        enter(MigrationPhase.PERFORM);
        try {
            last = sm.perform(target.incoming(), this::report, () -> src.switchOverPaused(domain));
        } catch (RuntimeException e) {
            target.cancel();
            throw e;
        }
        if (cancelled) {
            target.cancel();
            sm.confirm(false, () -> { });
            throw new MigrationException(Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH",
                    "the migration of " + domain + " was cancelled before finish");
        }
        enter(MigrationPhase.FINISH);
        TargetTimes times;
        try {
            times = target.finish(FINISH_TIMEOUT);
        } catch (RuntimeException e) {
            sm.confirm(false, () -> { });
            throw e;
        }
        long resumedAt = System.nanoTime();
        enter(MigrationPhase.CONFIRM);
        MigrationProgress done;
        try {
            done = sm.confirm(true, () -> endSourceAfterMove(src));
        } catch (RuntimeException e) {
            // the guest runs on the destination: the migration happened, as libvirt counts a failed Confirm
            LOG.log(System.Logger.Level.WARNING, "the guest of " + domain + " runs on the destination, but ending "
                    + "it on the source failed: " + e.getMessage());
            vmm.close();
            done = last;
        }
        last = done;
        report(done);
        Downtime downtime = Downtime.of(done, times, resumedAt - times.record().toNanos() - sm.pausedAtNanos());
        return new MigrationOutcome(domain, GuestLocation.DESTINATION, done, Optional.of(downtime), Optional.empty());
    }

    /**
     * The guest runs on the destination now: ends the source's run. A source guest that ended by
     * itself meanwhile (killed after COMPLETE_ACK) leaves nothing to end but the job; the guest
     * still moved.
     */
    private void endSourceAfterMove(DomainMigrationSupport src) {
        try {
            src.confirmOutgoing(domain, true);
        } catch (BhyveDriverException e) {
            if (e.number() != org.bhyvirt.driver.error.VirErrorNumber.OPERATION_INVALID) {
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "the source guest of " + domain + " ended after the destination took "
                    + "over: " + e.getMessage());
            src.confirmOutgoing(domain, false);
        }
    }

    /** After a failure: the source's job ends (RUNNING(MIGRATION_CANCELED) if it was paused). */
    private MigrationOutcome endSource(DomainMigrationSupport src, Vmm vmm, MigrationException e) {
        PreparedIncoming target = prepared;
        if (target != null) {
            target.cancel();
        }
        try {
            src.confirmOutgoing(domain, false);
        } catch (RuntimeException x) {
            e.addSuppressed(x);
        }
        if (vmm != null) {
            vmm.close();
        }
        MigrationException reported = sourceEnded ? new MigrationException(Code.OPERATION_ABORTED, e.phase(),
                e.state(), "the guest of " + domain + " ended on the source during its migration ("
                + e.reason() + ")", e) : e;
        return failed(sourceEnded ? GuestLocation.NONE : GuestLocation.SOURCE, reported);
    }

    private MigrationOutcome failed(GuestLocation where, MigrationException e) {
        LOG.log(System.Logger.Level.INFO, "migration of " + domain + " did not complete: " + e.getMessage());
        return new MigrationOutcome(domain, where, last, Optional.empty(), Optional.of(e));
    }

    /** The listener the other kinds report through, so {@link #phase()} follows them too. */
    private MigrationListener tracking() {
        return new MigrationListener() {
            @Override
            public void phase(MigrationPhase p) {
                enter(p);
            }

            @Override
            public void progress(MigrationProgress p) {
                report(p);
            }
        };
    }

    private void enter(MigrationPhase p) {
        phase = p;
        try {
            listener.phase(p);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "migration listener failed at " + p + ": " + e);
        }
    }

    private void report(MigrationProgress p) {
        last = p;
        try {
            listener.progress(p);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "migration listener failed: " + e);
        }
    }

    private static MigrationException fromDriver(BhyveDriverException e, MigrationPhase phase) {
        return new MigrationException(Code.ofNumber(e.number().code()), phase, phase.name(), e.getMessage(), e);
    }

    private static MigrationException wrap(RuntimeException e, MigrationPhase phase) {
        if (e instanceof BhyveDriverException d) {
            return fromDriver(d, phase);
        }
        return new MigrationException(Code.INTERNAL_ERROR, phase, phase.name(), "unexpected failure: " + e, e);
    }
}
