package org.bhyvirt.plugin.peer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.managed.DestinationHost;
import org.bhyvirt.migration.managed.PreparedIncoming;

/**
 * This host's incoming migrations as the peer API serves them (no HTTP here): {@link #prepare}
 * prepares one on the {@link DestinationHost} (this host's ManagedDestination) and files it under a
 * fresh random id; {@link #finish} and {@link #cancel} end it and forget the id, so each id is
 * finished or cancelled at most once. An incoming migration neither finished nor cancelled within
 * its deadline (the offer's timeout plus a grace, else {@code maxAge}) is cancelled by
 * {@link #expire}, so a source that vanished after its stream cannot leave a waiting guest here for
 * ever; {@link #cancelAll()} (shut-down) cancels every one. Thread-safe.
 */
public final class IncomingMigrations {
    /** The idle timeout used when the source asks for none. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    /** The longest idle timeout a source may ask for. */
    public static final Duration MAX_IDLE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration GRACE = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(IncomingMigrations.class.getName());

    private record Entry(String domain, PreparedIncoming prepared, Instant deadline) {
    }

    private final DestinationHost host;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The incoming migrations of {@code host}; one without a timeout may wait at most {@code maxAge} for finish. */
    public IncomingMigrations(DestinationHost host, Clock clock, Duration maxAge) {
        this.host = Objects.requireNonNull(host, "host");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    /** Prepares the incoming migration {@code request} asks for; INVALID_ARG for a malformed request. */
    public PreparedAnswer prepare(PrepareRequest request) {
        if (request == null || request.domainXml() == null || request.domainXml().isBlank()
                || request.offer() == null) {
            throw new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.PREPARE, "PREPARE",
                    "a prepare request needs domainXml and offer");
        }
        Duration idle = request.idleTimeoutMs() == 0 ? DEFAULT_IDLE_TIMEOUT : Duration.ofMillis(request.idleTimeoutMs());
        if (idle.isNegative() || idle.compareTo(MAX_IDLE_TIMEOUT) > 0) {
            throw new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.PREPARE, "PREPARE",
                    "idle timeout " + request.idleTimeoutMs() + " ms is outside 0 (default) .. "
                    + MAX_IDLE_TIMEOUT.toMillis() + " ms");
        }
        MigrationOffer offer = request.offer().toOffer();
        PreparedIncoming prepared = host.prepare(request.domainXml(), offer, idle);
        Duration age = offer.options().hasTimeout() ? offer.options().timeout().plus(GRACE) : maxAge;
        String id = UUID.randomUUID().toString();
        entries.put(id, new Entry(offer.name(), prepared, clock.instant().plus(age)));
        return PreparedAnswer.of(id, prepared.incoming());
    }

    /**
     * Finishes the incoming migration {@code id}, waiting at most {@code timeout} for its stream;
     * NoSuchElementException when no such migration waits here (never prepared, finished, cancelled).
     */
    public PeerTimes finish(String id, Duration timeout) {
        Entry e = take(id);
        return PeerTimes.from(e.prepared().finish(timeout));
    }

    /** Cancels the incoming migration {@code id}; NoSuchElementException when no such migration waits here. */
    public void cancel(String id) {
        Entry e = take(id);
        LOG.log(System.Logger.Level.INFO, "incoming migration " + id + " of " + e.domain() + " cancelled by its source");
        e.prepared().cancel();
    }

    /** Cancels every incoming migration past its deadline at {@code now}; answers their ids. */
    public List<String> expire(Instant now) {
        List<String> expired = entries.entrySet().stream().filter(e -> now.isAfter(e.getValue().deadline()))
                .map(Map.Entry::getKey).toList();
        for (String id : expired) {
            Entry e = entries.remove(id);
            if (e != null) {
                LOG.log(System.Logger.Level.WARNING, "incoming migration " + id + " of " + e.domain()
                        + " was neither finished nor cancelled by its deadline " + e.deadline() + ": cancelled");
                e.prepared().cancel();
            }
        }
        return expired;
    }

    /** Cancels every incoming migration (shut-down). */
    public void cancelAll() {
        for (String id : List.copyOf(entries.keySet())) {
            Entry e = entries.remove(id);
            if (e != null) {
                e.prepared().cancel();
            }
        }
    }

    /** How many incoming migrations wait here. */
    public int size() {
        return entries.size();
    }

    private Entry take(String id) {
        Entry e = id == null ? null : entries.remove(id);
        if (e == null) {
            throw new NoSuchElementException("no incoming migration " + id + " waits on this host");
        }
        return e;
    }
}
