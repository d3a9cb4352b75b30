package org.bhyvirt.plugin.migration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.config.MigrationDefaults;

/**
 * The body of {@code POST /migrations}: which domain goes where, and the options that differ from
 * this host's defaults ({@code bhyvirt.migration.*}); absent values take the defaults. Bean
 * Validation checks the text fields' form ({@code @Pattern} only: Payara 6's OpenAPI scanner fails on
 * {@code @NotBlank}, {@code @Size}, {@code @Min} and {@code @Max} of record components);
 * {@link #options} checks the numbers' ranges with MigrationOptions' own validation (e.g. NATIVE
 * takes only a timeout), failing with INVALID_ARG naming the option.
 *
 * @param domain          the domain's name on this host
 * @param destination     the destination plugin's URL, e.g. http://127.0.0.1:8181/bhyvirt
 * @param kind            LIVE (default), WARM, COLD or NATIVE
 * @param downtimeLimitMs the downtime limit, 1 .. 2 000 000 ms
 * @param bandwidthMiBs   the bandwidth limit, MiB/s; 0 = unlimited
 * @param channels        parallel TCP channels, 1 .. 64
 * @param timeoutSeconds  0 = none, else 1 .. 86 400 s
 * @param autoConverge    whether a guest dirtying too fast is throttled (LIVE)
 */
public record MigrationRequest(
        @NotNull(message = "must name a domain")
        @Pattern(regexp = "(?s)(?=.*\\S).{1,255}", message = "must name a domain (1 to 255 characters, not blank)")
        String domain,
        @NotNull(message = "must be the destination plugin's URL")
        @Pattern(regexp = "https?://[^\\s?#]{1,2000}", message = "must be an http(s) URL without query, such as http://127.0.0.1:8181/bhyvirt")
        String destination,
        @Pattern(regexp = "LIVE|WARM|COLD|NATIVE", message = "must be one of LIVE, WARM, COLD, NATIVE")
        String kind,
        Long downtimeLimitMs,
        Long bandwidthMiBs,
        Integer channels,
        Long timeoutSeconds,
        Boolean autoConverge) {

    /** The largest bandwidth limit, MiB/s (1 TiB/s: its bytes still fit a long). */
    public static final long MAX_BANDWIDTH_MIBS = 1L << 20;

    /** The kind asked for, LIVE when absent. */
    public MigrationKind migrationKind() {
        return kind == null ? MigrationKind.LIVE : MigrationKind.valueOf(kind);
    }

    /**
     * The options: {@code defaults} for the kind, with every value this request gives in their place;
     * a MigrationException (INVALID_ARG) names a value out of range.
     */
    public MigrationOptions options(MigrationDefaults defaults) {
        MigrationOptions o = defaults.options(migrationKind());
        if (downtimeLimitMs != null) {
            o = o.withDowntimeLimit(Duration.ofMillis(downtimeLimitMs));
        }
        if (bandwidthMiBs != null) {
            if (bandwidthMiBs < 0 || bandwidthMiBs > MAX_BANDWIDTH_MIBS) {
                throw new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.BEGIN, "OPTIONS",
                        "bandwidth " + bandwidthMiBs + " MiB/s is outside 0 (unlimited) .. " + MAX_BANDWIDTH_MIBS);
            }
            o = o.withBandwidthLimit(bandwidthMiBs << 20);
        }
        if (channels != null) {
            o = o.withParallelChannels(channels);
        }
        if (timeoutSeconds != null) {
            if (timeoutSeconds < 0 || timeoutSeconds > MigrationOptions.MAX_TIMEOUT.toSeconds()) {
                throw new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.BEGIN, "OPTIONS",
                        "timeout " + timeoutSeconds + " s is outside 0 (none) .. " + MigrationOptions.MAX_TIMEOUT.toSeconds());
            }
            o = o.withTimeout(Duration.ofSeconds(timeoutSeconds));
        }
        if (autoConverge != null) {
            o = o.withAutoConverge(autoConverge, o.autoConvergeInitial(), o.autoConvergeIncrement());
        }
        return o;
    }
}
