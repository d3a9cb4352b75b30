package org.bhyvirt.migration.nativ;

/**
 * A successful native migration whose destination bhyve its host supervises: the readiness line it
 * printed and the measured durations.
 *
 * @param readiness the readiness line the destination printed
 * @param times     setup, transfer and total durations
 */
public record NativeMigrationReport(ReadinessLine readiness, NativeMigrationTimes times) {
}
