/**
 * Supervision of a patched bhyve's own migration (issue 3 §3; reference bhyve-snapshot-and-migration.md
 * §2 and §5): {@link org.bhyvirt.migration.nativ.NativeMigration} starts the destination
 * {@code bhyve ... -R host,port}, takes readiness only from its "Waiting for connections" line (never
 * a probing connect, which the destination would take as the migration stream), runs the source's
 * {@code bhyvectl --migrate-live=host,port} (or {@code --migrate=}), and decides the outcome from the
 * process exits alone ({@link org.bhyvirt.migration.nativ.NativeOutcome}): success = the source bhyve
 * exited 0, its VM is gone and the destination is still alive after a grace period; failure = the
 * destination exited (1 on a refused migration) or the source kept running. An overall timeout kills
 * the destination and leaves the source running. The destination is either started here as a plain
 * process ({@link org.bhyvirt.migration.nativ.NativeMigration#run()}) or by its host as a
 * {@link org.bhyvirt.migration.nativ.ReceivingBhyve}; {@link org.bhyvirt.migration.nativ.DomainNativeMigration}
 * runs a domain's native migration between two DomainDrivers, so both sides are supervised domains
 * (destination PAUSED(MIGRATION) until the guest arrived, source SHUTOFF(MIGRATED) on its exit 0).
 * Plain Java: no Jakarta, no Kafka.
 */
package org.bhyvirt.migration.nativ;
