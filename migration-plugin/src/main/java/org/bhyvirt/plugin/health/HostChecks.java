package org.bhyvirt.plugin.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bhyvirt.plugin.config.BhyvePrograms;
import org.bhyvirt.plugin.host.HostStatus;

/**
 * What the readiness and liveness checks decide, as functions of the host's status and paths, so
 * they are tested without a container. Each result names what it looked at.
 */
public final class HostChecks {

    private HostChecks() {
    }

    /** Up while the host serves; down with the reason otherwise (starting, failed, stopped). */
    public static CheckResult serving(HostStatus status) {
        Map<String, String> data = Map.of("phase", status.phase().name(), "detail", status.detail());
        return status.isReady() ? CheckResult.up(data) : CheckResult.down(data);
    }

    /** Alive unless the host failed to start (a failure only an operator can fix). */
    public static CheckResult alive(HostStatus status) {
        Map<String, String> data = Map.of("phase", status.phase().name());
        return status.phase() == HostStatus.Phase.FAILED ? CheckResult.down(Map.of("phase", status.phase().name(),
                "detail", status.detail())) : CheckResult.up(data);
    }

    /** Up when a file can be created in {@code dir} and removed again. */
    public static CheckResult writable(Path dir) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("directory", dir.toString());
        try {
            Path probe = Files.createTempFile(dir, ".health-", ".probe");
            Files.delete(probe);
            return CheckResult.up(data);
        } catch (IOException | RuntimeException e) {
            data.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return CheckResult.down(data);
        }
    }

    /** Up when bhyve, bhyvectl and bhyveload are executable files in the programs' directory. */
    public static CheckResult programsPresent(BhyvePrograms programs) {
        Path dir = programs.programDir();
        List<String> missing = new ArrayList<>();
        for (String name : BhyvePrograms.PROGRAMS) {
            Path p = dir.resolve(name);
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put("directory", dir.toString());
        data.put("kind", programs instanceof BhyvePrograms.Emulated ? "emulator" : "bhyve");
        if (missing.isEmpty()) {
            return CheckResult.up(data);
        }
        data.put("missing", String.join(", ", missing));
        return CheckResult.down(data);
    }
}
