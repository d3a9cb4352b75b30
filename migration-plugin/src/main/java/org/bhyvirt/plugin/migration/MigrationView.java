package org.bhyvirt.plugin.migration;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * A migration as the REST API shows it (the contract's {@code Migration}): id, domain, this host as
 * source, the destination's URL, kind, the phase running (null before begin), status, the latest
 * progress (null before the first round), the result of a completed one, the error of a failed or
 * cancelled one, and when it started and ended (null while running). Immutable snapshot.
 *
 * @param id          the migration's id on this host
 * @param domain      the domain's name
 * @param source      this host's name
 * @param destination the destination plugin's URL
 * @param kind        LIVE, WARM, COLD or NATIVE
 * @param phase       BEGIN, PREPARE, PERFORM, FINISH or CONFIRM; null before begin
 * @param status      RUNNING, COMPLETED, FAILED or CANCELLED
 * @param progress    the latest progress, or null
 * @param result      the figures of a completed migration, else null
 * @param error       why it did not complete, else null
 * @param startedAt   when it was started
 * @param endedAt     when it ended, or null
 */
@JsonbPropertyOrder({"id", "domain", "source", "destination", "kind", "phase", "status", "progress", "result", "error",
    "startedAt", "endedAt"})
public record MigrationView(String id, String domain, String source, String destination, String kind, String phase,
        MigrationStatus status, ProgressView progress, ResultView result, ErrorView error, Instant startedAt,
        Instant endedAt) {
}
