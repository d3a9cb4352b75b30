package org.bhyvirt.cli.demo;

import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.Set;
import org.bhyvirt.cli.rest.JsonMapping;
import org.bhyvirt.cli.rest.Migration;
import org.bhyvirt.cli.rest.MigrationProgress;
import org.bhyvirt.cli.rest.SseEvent;

/**
 * What a client knows of a migration from its event stream: the latest phase and progress, and the
 * final Migration once a {@code completed}, {@code failed} or {@code cancelled} event arrived.
 * {@link #next} is a pure transition: a {@code phase} or {@code progress} event carries either the
 * whole Migration document or just its phase / progress object; other events leave the view as it is.
 */
public record MigrationView(String phase, MigrationProgress progress, Optional<Migration> end) {

    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    /** Before any event: the Migration document the POST returned. */
    public static MigrationView of(Migration started) {
        return new MigrationView(started.phase(), started.progress(), started.ended() ? Optional.of(started) : Optional.empty());
    }

    public MigrationView next(SseEvent event) {
        if (end.isPresent()) {
            return this;
        }
        if (TERMINAL.contains(event.name())) {
            Migration m = JsonMapping.migration(JsonMapping.object(event.data()));
            return new MigrationView(m.phase(), m.progress(), Optional.of(m));
        }
        if (!event.name().equals("phase") && !event.name().equals("progress")) {
            return this;
        }
        JsonObject o = JsonMapping.object(event.data());
        if (o.containsKey("status") || o.containsKey("progress")) {
            Migration m = JsonMapping.migration(o);
            return new MigrationView(m.phase().isEmpty() ? phase : m.phase(),
                    o.containsKey("progress") ? m.progress() : progress, Optional.empty());
        }
        String newPhase = o.containsKey("phase") ? o.getString("phase", phase) : phase;
        MigrationProgress newProgress = o.containsKey("round") || o.containsKey("transferredBytes")
                ? JsonMapping.progress(o) : progress;
        return new MigrationView(newPhase, newProgress, Optional.empty());
    }
}
