package org.bhyvirt.plugin.events;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import org.bhyvirt.events.MigrationEvent.Failure;
import org.bhyvirt.events.MigrationEvent.Options;
import org.bhyvirt.events.MigrationEvent.Progress;
import org.bhyvirt.events.MigrationEvent.Result;
import org.bhyvirt.events.MigrationEventType;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.migration.MigrationEvent;
import org.bhyvirt.plugin.migration.MigrationView;
import org.bhyvirt.plugin.migration.ProgressView;
import org.bhyvirt.plugin.migration.ResultView;

/**
 * Turns one migration's stream (the SSE events: phase, progress, then completed, failed or
 * cancelled) into the scheduler's events: STARTED (with the options) before anything else, PROGRESS
 * per round, SWITCHOVER once when the migration reaches FINISH (the guest left the source; the
 * destination resumes it; the engine's last report after it is not repeated), then COMPLETED (result and downtime breakdown), FAILED or CANCELLED
 * (phase, reason, libvirt's error number). Subscribed to the migration's job, it sees events in
 * order on one thread at a time; nothing follows the last one.
 */
public final class MigrationEventBridge implements Consumer<MigrationEvent> {
    private final String host;
    private final UUID domainUuid;
    private final Options options;
    private final Consumer<org.bhyvirt.events.MigrationEvent> sink;
    private final Clock clock;
    private boolean started;
    private boolean switchedOver;
    private boolean ended;

    /** The bridge of a migration from {@code host} of the domain {@code domainUuid} with {@code options}. */
    public MigrationEventBridge(String host, UUID domainUuid, MigrationOptions options,
            Consumer<org.bhyvirt.events.MigrationEvent> sink, Clock clock) {
        this.host = Objects.requireNonNull(host, "host");
        this.domainUuid = Objects.requireNonNull(domainUuid, "domainUuid");
        this.options = new Options(options.downtimeLimit().toMillis(), options.bandwidthLimit() >> 20,
                options.parallelChannels(), options.timeout().toSeconds(), options.autoConverge());
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void accept(MigrationEvent e) {
        if (ended) {
            return;
        }
        MigrationView v = e.migration();
        if (!started) {
            started = true;
            emit(v, MigrationEventType.STARTED, options, null, null, null);
        }
        switch (e.name()) {
            case MigrationEvent.PROGRESS -> {
                if (!switchedOver) {
                    emit(v, MigrationEventType.PROGRESS, null, progress(v), null, null);
                }
            }
            case MigrationEvent.PHASE -> {
                if (!switchedOver && MigrationPhase.FINISH.name().equals(v.phase())) {
                    switchedOver = true;
                    emit(v, MigrationEventType.SWITCHOVER, null, progress(v), null, null);
                }
            }
            default -> end(v);
        }
    }

    private void end(MigrationView v) {
        ended = true;
        switch (v.status()) {
            case COMPLETED -> emit(v, MigrationEventType.COMPLETED, null, null, result(v.result()), null);
            case FAILED -> emit(v, MigrationEventType.FAILED, null, null, null, failure(v));
            case CANCELLED -> emit(v, MigrationEventType.CANCELLED, null, null, null, failure(v));
            case RUNNING -> ended = false; // not an end: a stream event this bridge does not know
        }
    }

    private void emit(MigrationView v, MigrationEventType type, Options o, Progress p, Result r, Failure f) {
        sink.accept(new org.bhyvirt.events.MigrationEvent(host, v.id(), v.domain(), domainUuid, type, v.source(),
                v.destination(), v.kind(), o, p, r, f, clock.instant()));
    }

    private static Progress progress(MigrationView v) {
        ProgressView p = v.progress();
        return p == null ? new Progress(0, 0, 0, 0, 0, 0, 0) : new Progress(p.round(), p.transferredBytes(),
                p.remainingBytes(), p.totalBytes(), p.dirtyRateBytesPerSecond(), p.bandwidthBytesPerSecond(),
                p.elapsedMs());
    }

    private static Result result(ResultView r) {
        return new Result(r.totalMs(), r.downtimeMs(), r.downtime().finalRoundMs(), r.downtime().stateTransferMs(),
                r.downtime().restoreMs(), r.downtime().resumeMs(), r.downtime().otherMs(), r.bytes(), r.rounds());
    }

    private static Failure failure(MigrationView v) {
        return v.error() == null ? new Failure(v.phase() == null ? "UNKNOWN" : v.phase(), "no reason given", 0)
                : new Failure(v.error().phase() == null ? String.valueOf(v.phase()) : v.error().phase(),
                        v.error().message(), v.error().libvirtError());
    }
}
