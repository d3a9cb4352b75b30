package org.bhyvirt.migration.nativ;

import java.time.Duration;

/**
 * Measured durations of a native migration.
 *
 * @param setup    starting the destination until its readiness line
 * @param transfer running bhyvectl until the source bhyve ended
 * @param total    starting the destination until the decision (grace period included)
 */
public record NativeMigrationTimes(Duration setup, Duration transfer, Duration total) {
}
