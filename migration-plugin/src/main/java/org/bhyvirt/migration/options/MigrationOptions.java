package org.bhyvirt.migration.options;

import java.time.Duration;
import java.util.Objects;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;

/**
 * The validated options of one migration; an instance that exists is within every range below,
 * otherwise construction fails with {@link MigrationException.Code#INVALID_ARG} naming the option,
 * its value and its range.
 *
 * <ul>
 * <li>{@code downtimeLimit}: 1 ms .. 2000 s (QEMU's bounds); default 300 ms (QEMU's default).</li>
 * <li>{@code bandwidthLimit}: bytes per second; 0 = unlimited (the default, as libvirt's 0), else
 *     at least 1 MiB/s.</li>
 * <li>{@code parallelChannels}: 1 .. 64 TCP connections; default 1.</li>
 * <li>{@code timeout}: 0 = none (the default), else 1 s .. 24 h; after it the migration is
 *     aborted and the guest keeps running on the source.</li>
 * <li>{@code autoConverge}: throttle a guest that dirties memory faster than the link; default
 *     on for LIVE. {@code autoConvergeInitial} 1..99 % (default 20) and
 *     {@code autoConvergeIncrement} 1..99 % (default 10), as QEMU's cpu-throttle parameters.</li>
 * <li>NATIVE: bhyve's patch has no bandwidth limit, channels, throttling or downtime target, so
 *     only the timeout may differ from the defaults there (auto-converge must be off).</li>
 * </ul>
 */
public record MigrationOptions(
        MigrationKind kind,
        Duration downtimeLimit,
        long bandwidthLimit,
        int parallelChannels,
        Duration timeout,
        boolean autoConverge,
        int autoConvergeInitial,
        int autoConvergeIncrement) {

    /** QEMU's default downtime limit. */
    public static final Duration DEFAULT_DOWNTIME_LIMIT = Duration.ofMillis(300);
    /** Smallest downtime limit. */
    public static final Duration MIN_DOWNTIME_LIMIT = Duration.ofMillis(1);
    /** Largest downtime limit (QEMU's 2000 s). */
    public static final Duration MAX_DOWNTIME_LIMIT = Duration.ofSeconds(2000);
    /** Bandwidth limit meaning "none". */
    public static final long UNLIMITED = 0;
    /** Smallest bandwidth limit other than unlimited. */
    public static final long MIN_BANDWIDTH = 1L << 20;
    /** Most parallel channels (the protocol's MAX_CHANNELS). */
    public static final int MAX_CHANNELS = 64;
    /** Timeout meaning "none". */
    public static final Duration NO_TIMEOUT = Duration.ZERO;
    /** Shortest timeout other than none. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    /** Longest timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    /** QEMU's cpu-throttle-initial. */
    public static final int DEFAULT_THROTTLE_INITIAL = 20;
    /** QEMU's cpu-throttle-increment. */
    public static final int DEFAULT_THROTTLE_INCREMENT = 10;

    public MigrationOptions {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(downtimeLimit, "downtimeLimit");
        Objects.requireNonNull(timeout, "timeout");
        if (downtimeLimit.compareTo(MIN_DOWNTIME_LIMIT) < 0 || downtimeLimit.compareTo(MAX_DOWNTIME_LIMIT) > 0) {
            throw invalid("downtime limit " + downtimeLimit.toMillis() + " ms is outside 1 ms .. 2000 s");
        }
        if (bandwidthLimit != UNLIMITED && bandwidthLimit < MIN_BANDWIDTH) {
            throw invalid("bandwidth limit " + bandwidthLimit + " B/s is neither 0 (unlimited) nor at least "
                    + MIN_BANDWIDTH + " B/s (1 MiB/s)");
        }
        if (parallelChannels < 1 || parallelChannels > MAX_CHANNELS) {
            throw invalid("parallel channels " + parallelChannels + " is outside 1 .. " + MAX_CHANNELS);
        }
        if (timeout.isNegative() || (!timeout.isZero()
                && (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0))) {
            throw invalid("timeout " + timeout.toMillis() + " ms is neither 0 (none) nor within 1 s .. 24 h");
        }
        if (autoConvergeInitial < 1 || autoConvergeInitial > 99) {
            throw invalid("auto-converge initial throttle " + autoConvergeInitial + " % is outside 1 .. 99 %");
        }
        if (autoConvergeIncrement < 1 || autoConvergeIncrement > 99) {
            throw invalid("auto-converge increment " + autoConvergeIncrement + " % is outside 1 .. 99 %");
        }
        if (kind == MigrationKind.COLD && parallelChannels != 1) {
            throw invalid("a cold migration streams its checkpoint over one connection; parallel channels "
                    + parallelChannels + " apply to live and warm migrations only");
        }
        if (kind == MigrationKind.NATIVE) {
            if (bandwidthLimit != UNLIMITED || parallelChannels != 1 || autoConverge
                    || !downtimeLimit.equals(DEFAULT_DOWNTIME_LIMIT)) {
                throw invalid("native bhyve migration has no bandwidth limit, parallel channels, auto-converge"
                        + " or downtime limit; only the timeout may be set");
            }
        }
    }

    /** The defaults for {@code kind}: 300 ms, unlimited, 1 channel, no timeout, auto-converge on for LIVE. */
    public static MigrationOptions defaults(MigrationKind kind) {
        return new MigrationOptions(kind, DEFAULT_DOWNTIME_LIMIT, UNLIMITED, 1, NO_TIMEOUT,
                kind == MigrationKind.LIVE, DEFAULT_THROTTLE_INITIAL, DEFAULT_THROTTLE_INCREMENT);
    }

    public MigrationOptions withDowntimeLimit(Duration limit) {
        return new MigrationOptions(kind, limit, bandwidthLimit, parallelChannels, timeout, autoConverge,
                autoConvergeInitial, autoConvergeIncrement);
    }

    public MigrationOptions withBandwidthLimit(long bytesPerSecond) {
        return new MigrationOptions(kind, downtimeLimit, bytesPerSecond, parallelChannels, timeout, autoConverge,
                autoConvergeInitial, autoConvergeIncrement);
    }

    public MigrationOptions withParallelChannels(int channels) {
        return new MigrationOptions(kind, downtimeLimit, bandwidthLimit, channels, timeout, autoConverge,
                autoConvergeInitial, autoConvergeIncrement);
    }

    public MigrationOptions withTimeout(Duration limit) {
        return new MigrationOptions(kind, downtimeLimit, bandwidthLimit, parallelChannels, limit, autoConverge,
                autoConvergeInitial, autoConvergeIncrement);
    }

    public MigrationOptions withAutoConverge(boolean on, int initialPercent, int incrementPercent) {
        return new MigrationOptions(kind, downtimeLimit, bandwidthLimit, parallelChannels, timeout, on,
                initialPercent, incrementPercent);
    }

    /** Whether a bandwidth limit applies. */
    public boolean bandwidthLimited() {
        return bandwidthLimit != UNLIMITED;
    }

    /** Whether a timeout applies. */
    public boolean hasTimeout() {
        return !timeout.isZero();
    }

    private static MigrationException invalid(String message) {
        return new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.BEGIN, "OPTIONS", message);
    }
}
