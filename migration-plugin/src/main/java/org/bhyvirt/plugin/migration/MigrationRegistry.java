package org.bhyvirt.plugin.migration;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.managed.DestinationHost;
import org.bhyvirt.migration.managed.ManagedMigration;
import org.bhyvirt.migration.managed.MigrationOutcome;
import org.bhyvirt.migration.managed.SourceHost;
import org.bhyvirt.migration.options.MigrationOptions;

/**
 * This host's outgoing migrations, running and ended (no container types here; MigrationService
 * wires it). {@link #start} files a migration under a fresh id and runs its
 * {@link ManagedMigration} on the executor; {@link #get}, {@link #list}, {@link #cancel} and
 * {@link #subscribe} work by id; {@link #cancelAll} (the plugin's shut-down) cancels every running
 * one and waits for each to end, so its guest keeps running on this host. At most one migration of
 * a domain runs at a time (OPERATION_INVALID otherwise); at most {@code keep} ended migrations are
 * remembered (the oldest forgotten first). Thread-safe.
 */
public final class MigrationRegistry {
    private static final System.Logger LOG = System.getLogger(MigrationRegistry.class.getName());

    private final Supplier<SourceHost> source;
    private final Supplier<String> hostName;
    private final Executor executor;
    private final Clock clock;
    private final MigrationObserver observer;
    private final int keep;
    private final Map<String, MigrationJob> jobs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * A registry migrating guests of {@code source} (this host, named {@code hostName}) on
     * {@code executor}'s threads, timed by {@code clock}, telling {@code observer}, remembering at
     * most {@code keep} ended migrations.
     */
    public MigrationRegistry(Supplier<SourceHost> source, Supplier<String> hostName, Executor executor, Clock clock,
            MigrationObserver observer, int keep) {
        this.source = Objects.requireNonNull(source, "source");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
        if (keep < 0) {
            throw new IllegalArgumentException("keep " + keep + " < 0");
        }
        this.keep = keep;
    }

    /**
     * Starts migrating {@code domain} to {@code destination} with {@code options}; answers its first
     * snapshot (RUNNING). OPERATION_INVALID when the domain already migrates or the registry shut down.
     */
    public MigrationView start(String domain, DestinationHost destination, MigrationOptions options) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(options, "options");
        MigrationJob job;
        synchronized (this) {
            if (closed) {
                throw new MigrationException(MigrationException.Code.OPERATION_INVALID, MigrationPhase.BEGIN, "BEGIN",
                        "this host is shutting down: no migration of " + domain + " starts");
            }
            Optional<MigrationView> running = jobs.values().stream().map(MigrationJob::view)
                    .filter(v -> v.domain().equals(domain) && !v.status().terminal()).findFirst();
            if (running.isPresent()) {
                throw new MigrationException(MigrationException.Code.OPERATION_INVALID, MigrationPhase.BEGIN, "BEGIN",
                        "domain " + domain + " is already migrating (migration " + running.get().id() + ")");
            }
            job = new MigrationJob(UUID.randomUUID().toString(), domain, hostName.get(), destination.describe(),
                    options, clock);
            job.attach(new ManagedMigration(source.get(), destination, domain, options, job));
            jobs.put(job.id(), job);
            forgetOld();
        }
        MigrationView first = job.view();
        observer.started(first);
        try {
            executor.execute(() -> {
                MigrationOutcome outcome = job.run();
                observer.ended(job.view(), outcome);
            });
        } catch (RejectedExecutionException e) {
            job.abandon(new MigrationException(MigrationException.Code.OPERATION_FAILED, MigrationPhase.BEGIN, "BEGIN",
                    "no thread to run the migration of " + domain + ": " + e.getMessage(), e));
            observer.ended(job.view(), null);
            return job.view();
        }
        return first;
    }

    /** The migration {@code id}; NoSuchElementException when this host has none by that id. */
    public MigrationView get(String id) {
        return job(id).view();
    }

    /** Every remembered migration, oldest first. */
    public List<MigrationView> list() {
        return jobs.values().stream().map(MigrationJob::view)
                .sorted(Comparator.comparing(MigrationView::startedAt).thenComparing(MigrationView::id)).toList();
    }

    /** Asks the migration {@code id} to stop; answers its snapshot (it ends a moment later). */
    public MigrationView cancel(String id) {
        MigrationJob job = job(id);
        job.cancel();
        return job.view();
    }

    /**
     * Subscribes to the migration {@code id}'s events (see {@link MigrationJob}'s order); answers the
     * unsubscription. {@code subscriber} must not block.
     */
    public Runnable subscribe(String id, Consumer<MigrationEvent> subscriber) {
        return job(id).subscribe(subscriber);
    }

    /**
     * Shut-down: refuses new migrations, cancels every running one and waits up to {@code timeout}
     * in all for them to end (each guest then runs on this host). Answers how many were still running.
     */
    public int cancelAll(Duration timeout) {
        List<MigrationJob> running;
        synchronized (this) {
            closed = true;
            running = jobs.values().stream().filter(j -> !j.view().status().terminal()).toList();
        }
        running.forEach(MigrationJob::cancel);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (MigrationJob j : running) {
            try {
                if (!j.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    LOG.log(System.Logger.Level.WARNING, "migration " + j.id() + " did not end within " + timeout
                            + " of its cancel");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return running.size();
    }

    private MigrationJob job(String id) {
        MigrationJob job = id == null ? null : jobs.get(id);
        if (job == null) {
            throw new NoSuchElementException("no migration " + id + " on this host");
        }
        return job;
    }

    /** Forgets the oldest ended migrations beyond {@code keep}; caller holds the lock. */
    private void forgetOld() {
        List<MigrationView> ended = jobs.values().stream().map(MigrationJob::view).filter(v -> v.status().terminal())
                .sorted(Comparator.comparing(MigrationView::startedAt)).toList();
        for (int i = 0; i < ended.size() - keep; i++) {
            jobs.remove(ended.get(i).id());
        }
    }
}
