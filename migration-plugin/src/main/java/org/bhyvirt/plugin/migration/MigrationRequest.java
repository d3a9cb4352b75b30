package org.bhyvirt.plugin.migration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.config.MigrationDefaults;

/**
 * The body of {@code POST /migrations}: which domain goes where, and the options that differ from
 * this host's defaults ({@code bhyvirt.migration.*}); absent values take the defaults. Bean
 * Validation checks each value's form and range; {@link #options} then applies MigrationOptions' own
 * checks (e.g. NATIVE takes only a timeout), failing with INVALID_ARG.
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
        @NotBlank(message = "must name a domain")
        @Size(max = 255, message = "must be at most 255 characters")
        String domain,
        @NotBlank(message = "must be the destination plugin's URL")
        @Pattern(regexp = "https?://[^\\s?#]+", message = "must be an http(s) URL without query, such as http://127.0.0.1:8181/bhyvirt")
        String destination,
        @Pattern(regexp = "LIVE|WARM|COLD|NATIVE", message = "must be one of LIVE, WARM, COLD, NATIVE")
        String kind,
        @Min(value = 1, message = "must be at least 1 ms")
        @Max(value = 2_000_000, message = "must be at most 2000000 ms")
        Long downtimeLimitMs,
        @Min(value = 0, message = "must be 0 (unlimited) or more")
        @Max(value = 1L << 30, message = "must be at most 1073741824 MiB/s")
        Long bandwidthMiBs,
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 64, message = "must be at most 64")
        Integer channels,
        @Min(value = 0, message = "must be 0 (none) or more")
        @Max(value = 86_400, message = "must be at most 86400 s")
        Long timeoutSeconds,
        Boolean autoConverge) {

    /** The kind asked for, LIVE when absent. */
    public MigrationKind migrationKind() {
        return kind == null ? MigrationKind.LIVE : MigrationKind.valueOf(kind);
    }

    /** The options: {@code defaults} for the kind, with every value this request gives in their place. */
    public MigrationOptions options(MigrationDefaults defaults) {
        MigrationOptions o = defaults.options(migrationKind());
        if (downtimeLimitMs != null) {
            o = o.withDowntimeLimit(Duration.ofMillis(downtimeLimitMs));
        }
        if (bandwidthMiBs != null) {
            o = o.withBandwidthLimit(bandwidthMiBs << 20);
        }
        if (channels != null) {
            o = o.withParallelChannels(channels);
        }
        if (timeoutSeconds != null) {
            o = o.withTimeout(Duration.ofSeconds(timeoutSeconds));
        }
        if (autoConverge != null) {
            o = o.withAutoConverge(autoConverge, o.autoConvergeInitial(), o.autoConvergeIncrement());
        }
        return o;
    }
}
