package org.bhyvirt.migration.nativ;

import java.time.Duration;

/**
 * Limits of one supervised native migration, each validated.
 *
 * @param timeout   the whole migration, from starting the destination to the decision; past it the
 *                  destination is killed and the source left running
 * @param grace     how long the destination must stay alive after the source ended for success
 * @param settle    a pause between the readiness line and bhyvectl (the patch prints the line just
 *                  before it binds); zero for the emulator, which prints it once it listens
 */
public record NativeMigrationOptions(Duration timeout, Duration grace, Duration settle) {
    /** Defaults: 10 minutes, 1 s grace, 100 ms settle. */
    public static final NativeMigrationOptions DEFAULTS =
            new NativeMigrationOptions(Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofMillis(100));

    /** Checks the ranges. */
    public NativeMigrationOptions {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("timeout " + timeout + " is not within (0, 1 day]");
        }
        if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("grace " + grace + " is not within [0, 1 minute]");
        }
        if (settle == null || settle.isNegative() || settle.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("settle " + settle + " is not within [0, 10 s]");
        }
    }
}
