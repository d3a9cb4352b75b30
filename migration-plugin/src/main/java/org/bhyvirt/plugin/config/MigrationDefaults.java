package org.bhyvirt.plugin.config;

import java.time.Duration;
import java.util.Objects;

import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;

/**
 * The host's migration settings: where an incoming migration listens, and the options a migration
 * gets when its request leaves them out. Every value is within {@link MigrationOptions}' ranges
 * ({@link PluginConfig#read} checks them), so {@link #options} never fails for LIVE, WARM or COLD.
 *
 * @param bind             address the incoming migration listener binds
 * @param port             its port; 0 = an ephemeral port per migration
 * @param downtimeLimitMs  default downtime limit, milliseconds
 * @param bandwidthMiBs    default bandwidth limit, MiB/s; 0 = unlimited
 * @param channels         default number of parallel channels
 * @param timeoutSeconds   default timeout, seconds; 0 = none
 * @param autoConverge     whether live migrations throttle a guest by default
 */
public record MigrationDefaults(String bind, int port, long downtimeLimitMs, long bandwidthMiBs, int channels,
                                long timeoutSeconds, boolean autoConverge) {

    public MigrationDefaults {
        Objects.requireNonNull(bind, "bind");
    }

    /**
     * The options of a {@code kind} migration whose request sets nothing: this host's defaults.
     * A NATIVE migration takes only the timeout (bhyve's patch has no other knob); a COLD one
     * streams its checkpoint over one connection whatever the default channel count.
     */
    public MigrationOptions options(MigrationKind kind) {
        MigrationOptions base = MigrationOptions.defaults(kind).withTimeout(Duration.ofSeconds(timeoutSeconds));
        if (kind == MigrationKind.NATIVE) {
            return base;
        }
        return base.withDowntimeLimit(Duration.ofMillis(downtimeLimitMs))
                .withBandwidthLimit(bandwidthMiBs << 20)
                .withParallelChannels(kind == MigrationKind.COLD ? 1 : channels)
                .withAutoConverge(autoConverge && kind == MigrationKind.LIVE, base.autoConvergeInitial(),
                        base.autoConvergeIncrement());
    }
}
