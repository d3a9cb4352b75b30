package org.bhyvirt.migration.nativ;

/**
 * A successful native migration: the destination bhyve, now running the guest (the caller supervises it
 * from here), the port it received on, and the measured durations.
 *
 * @param destination the destination bhyve process
 * @param readiness   the readiness line it printed
 * @param times       setup, transfer and total durations
 */
public record NativeMigrationResult(Process destination, ReadinessLine readiness, NativeMigrationTimes times) {
}
