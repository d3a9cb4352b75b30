package org.bhyvirt.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One event of one migration as the source host publishes it: which host, which migration, which
 * domain (name and UUID), where from and to, the kind, and the part its type carries: the options
 * (STARTED), the job-info figures (PROGRESS, SWITCHOVER), the result with the downtime's breakdown
 * (COMPLETED), the phase and reason (FAILED, CANCELLED). The constructor refuses a part its type
 * does not carry and a missing one it does.
 *
 * @param host        the publishing (source) host
 * @param migrationId the migration's id on that host
 * @param domainName  the domain's name
 * @param domainUuid  the domain's UUID (the Kafka key)
 * @param type        what happened
 * @param source      the source host's URL or name
 * @param destination the destination host's URL or name
 * @param kind        LIVE, WARM, COLD or NATIVE
 * @param options     the options, STARTED only
 * @param progress    the figures, PROGRESS and SWITCHOVER only
 * @param result      the result, COMPLETED only
 * @param failure     why it ended, FAILED and CANCELLED only
 * @param timestamp   when it happened
 */
public record MigrationEvent(String host, String migrationId, String domainName, UUID domainUuid,
        MigrationEventType type, String source, String destination, String kind, Options options,
        Progress progress, Result result, Failure failure, Instant timestamp) {

    public MigrationEvent {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(migrationId, "migrationId");
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(domainUuid, "domainUuid");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(timestamp, "timestamp");
        require("options", options != null, type == MigrationEventType.STARTED, type);
        require("progress", progress != null,
                type == MigrationEventType.PROGRESS || type == MigrationEventType.SWITCHOVER, type);
        require("result", result != null, type == MigrationEventType.COMPLETED, type);
        require("failure", failure != null,
                type == MigrationEventType.FAILED || type == MigrationEventType.CANCELLED, type);
    }

    private static void require(String part, boolean present, boolean expected, MigrationEventType type) {
        if (present != expected) {
            throw new IllegalArgumentException("a " + type + " migration event " + (expected ? "needs" : "has no")
                    + " " + part);
        }
    }

    /** A migration's options, as requested. */
    public record Options(long downtimeLimitMs, long bandwidthMiBs, int channels, long timeoutSeconds,
            boolean autoConverge) {
    }

    /** libvirt's job-info figures after a round. */
    public record Progress(long round, long transferredBytes, long remainingBytes, long totalBytes,
            long dirtyRateBytesPerSecond, long bandwidthBytesPerSecond, long elapsedMs) {
    }

    /** A completed migration's figures: its time, the guest's downtime and where it went, bytes, rounds. */
    public record Result(long totalMs, double downtimeMs, double finalRoundMs, double stateTransferMs,
            double restoreMs, double resumeMs, double otherMs, long bytes, long rounds) {
    }

    /** Why a migration did not complete: the phase it was in, the reason and libvirt's error number. */
    public record Failure(String phase, String reason, int libvirtError) {
        public Failure {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
