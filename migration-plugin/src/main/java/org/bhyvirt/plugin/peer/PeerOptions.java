package org.bhyvirt.plugin.peer;

import java.time.Duration;
import java.util.Objects;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;

/**
 * The JSON form of {@link MigrationOptions} between hosts: durations in milliseconds, the bandwidth
 * in bytes per second (0 = unlimited). {@link #toOptions()} validates exactly as MigrationOptions
 * does (INVALID_ARG naming the option); {@code from(o).toOptions()} equals {@code o}.
 *
 * @param kind                  LIVE, WARM, COLD or NATIVE
 * @param downtimeLimitMs       the downtime limit
 * @param bandwidthBytesPerSecond the bandwidth limit, 0 = unlimited
 * @param parallelChannels      TCP connections of the stream
 * @param timeoutMs             0 = none
 * @param autoConverge          whether a guest that dirties too fast is throttled
 * @param autoConvergeInitial   first throttle step, percent
 * @param autoConvergeIncrement further throttle steps, percent
 */
public record PeerOptions(String kind, long downtimeLimitMs, long bandwidthBytesPerSecond, int parallelChannels,
        long timeoutMs, boolean autoConverge, int autoConvergeInitial, int autoConvergeIncrement) {

    /** The JSON form of {@code options}. */
    public static PeerOptions from(MigrationOptions options) {
        return new PeerOptions(options.kind().name(), options.downtimeLimit().toMillis(), options.bandwidthLimit(),
                options.parallelChannels(), options.timeout().toMillis(), options.autoConverge(),
                options.autoConvergeInitial(), options.autoConvergeIncrement());
    }

    /** The validated options; a MigrationException (INVALID_ARG) names what is wrong. */
    public MigrationOptions toOptions() {
        MigrationKind k;
        try {
            k = MigrationKind.valueOf(Objects.requireNonNull(kind, "kind"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.PREPARE, "OPTIONS",
                    "migration kind " + kind + " is none of LIVE, WARM, COLD, NATIVE");
        }
        return new MigrationOptions(k, Duration.ofMillis(downtimeLimitMs), bandwidthBytesPerSecond, parallelChannels,
                Duration.ofMillis(timeoutMs), autoConverge, autoConvergeInitial, autoConvergeIncrement);
    }
}
