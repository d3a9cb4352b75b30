package org.bhyvirt.plugin.migration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.managed.ManagedMigration;
import org.bhyvirt.migration.managed.MigrationListener;
import org.bhyvirt.migration.managed.MigrationOutcome;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.progress.MigrationProgress;

/**
 * One migration of the REST API: its {@link ManagedMigration}, its latest snapshot and its
 * subscribers. Every phase and progress report updates the snapshot and is handed, in order, to
 * every subscriber; the end hands exactly one of completed, failed or cancelled and drops the
 * subscribers. A subscriber that joins late first gets the current snapshot as a phase event (and,
 * after the end, the final event at once). Subscribers are called under the job's lock and must not
 * block; one that throws is dropped. Thread-safe.
 */
final class MigrationJob implements MigrationListener {
    private static final System.Logger LOG = System.getLogger(MigrationJob.class.getName());

    private final String id;
    private final String domain;
    private final String source;
    private final String destination;
    private final MigrationOptions options;
    private final Clock clock;
    private final Instant startedAt;
    private final List<Consumer<MigrationEvent>> subscribers = new ArrayList<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ManagedMigration migration;
    private volatile boolean cancelRequested;
    private MigrationPhase phase;
    private ProgressView progress;
    private MigrationStatus status = MigrationStatus.RUNNING;
    private ResultView result;
    private ErrorView error;
    private Instant endedAt;

    MigrationJob(String id, String domain, String source, String destination, MigrationOptions options, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.startedAt = clock.instant();
    }

    String id() {
        return id;
    }

    /** Attaches the migration this job runs (before it runs). */
    void attach(ManagedMigration m) {
        migration = m;
        if (cancelRequested) {
            m.cancel();
        }
    }

    /** Runs the attached migration on the calling thread, records its end and answers its outcome (null if it threw). */
    MigrationOutcome run() {
        MigrationOutcome outcome;
        try {
            outcome = migration.run();
        } catch (RuntimeException e) {
            String where;
            synchronized (this) {
                where = phaseName();
            }
            end(MigrationStatus.FAILED, null, new ErrorView(MigrationException.Code.INTERNAL_ERROR.number(),
                    MigrationException.Code.INTERNAL_ERROR.name(), "the migration of " + domain
                    + " failed unexpectedly: " + e, where));
            return null;
        }
        record(outcome);
        return outcome;
    }

    /** Ends the job without running it (the executor refused it, the plugin stops): cancelled or failed. */
    void abandon(MigrationException why) {
        end(cancelRequested ? MigrationStatus.CANCELLED : MigrationStatus.FAILED, null, ErrorView.of(why));
    }

    /** Asks the migration to stop; no effect once it ended or finish began on the destination. */
    void cancel() {
        cancelRequested = true;
        ManagedMigration m = migration;
        if (m != null) {
            m.cancel();
        }
    }

    /** Whether a cancel was asked for. */
    boolean cancelRequested() {
        return cancelRequested;
    }

    /** Waits at most {@code timeout} for the end; whether it ended. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void phase(MigrationPhase p) {
        synchronized (this) {
            phase = p;
            publish(MigrationEvent.PHASE);
        }
    }

    @Override
    public void progress(MigrationProgress p) {
        synchronized (this) {
            progress = ProgressView.of(p);
            publish(MigrationEvent.PROGRESS);
        }
    }

    /** The current snapshot. */
    synchronized MigrationView view() {
        return new MigrationView(id, domain, source, destination, options.kind().name(), phaseName(), status,
                progress, result, error, startedAt, endedAt);
    }

    /**
     * Adds {@code subscriber}: it gets the current snapshot as a phase event now, then every event; a
     * job that ended gives it the final event at once and keeps nothing. Answers the unsubscription.
     */
    synchronized Runnable subscribe(Consumer<MigrationEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!deliver(subscriber, new MigrationEvent(MigrationEvent.PHASE, view()))) {
            return () -> { };
        }
        if (status.terminal()) {
            deliver(subscriber, new MigrationEvent(status.eventName(), view()));
            return () -> { };
        }
        subscribers.add(subscriber);
        return () -> {
            synchronized (MigrationJob.this) {
                subscribers.remove(subscriber);
            }
        };
    }

    private void record(MigrationOutcome outcome) {
        long total = Duration.between(startedAt, clock.instant()).toMillis();
        if (outcome.completed()) {
            ResultView r = new ResultView(total,
                    outcome.downtime().map(d -> ResultView.ms(d.total())).orElse(-1.0),
                    outcome.downtime().map(ResultView.Breakdown::of).orElse(null),
                    outcome.progress() == null ? 0 : outcome.progress().dataProcessed(),
                    outcome.progress() == null ? 0 : outcome.progress().memIteration());
            end(MigrationStatus.COMPLETED, r, null);
        } else {
            MigrationException e = outcome.error().orElseThrow();
            end(cancelRequested ? MigrationStatus.CANCELLED : MigrationStatus.FAILED, null, ErrorView.of(e));
        }
    }

    private void end(MigrationStatus s, ResultView r, ErrorView e) {
        synchronized (this) {
            if (status.terminal()) {
                return;
            }
            status = s;
            result = r;
            error = e;
            endedAt = clock.instant();
            publish(s.eventName());
            subscribers.clear();
        }
        ended.countDown();
    }

    /** Hands the event {@code name} with the current snapshot to every subscriber; caller holds the lock. */
    private void publish(String name) {
        MigrationEvent event = new MigrationEvent(name, view());
        subscribers.removeIf(s -> !deliver(s, event));
    }

    private boolean deliver(Consumer<MigrationEvent> s, MigrationEvent event) {
        try {
            s.accept(event);
            return true;
        } catch (RuntimeException x) {
            LOG.log(System.Logger.Level.DEBUG, "dropping a subscriber of migration " + id + ": " + x);
            return false;
        }
    }

    private String phaseName() {
        return phase == null ? null : phase.name();
    }
}
