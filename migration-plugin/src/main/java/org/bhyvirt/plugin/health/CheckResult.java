package org.bhyvirt.plugin.health;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one health check: up or down, and the facts that say why (shown as the check's
 * data). Immutable.
 */
public record CheckResult(boolean up, Map<String, String> data) {
    public CheckResult {
        data = Map.copyOf(Objects.requireNonNull(data, "data"));
    }

    static CheckResult up(Map<String, String> data) {
        return new CheckResult(true, data);
    }

    static CheckResult down(Map<String, String> data) {
        return new CheckResult(false, data);
    }
}
