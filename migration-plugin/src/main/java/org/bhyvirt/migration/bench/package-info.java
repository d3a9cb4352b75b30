/**
 * The migration benchmark ({@code ./bhyvirt bench migration}, issue 3 §5): figures, not timed tests.
 * {@link org.bhyvirt.migration.bench.MigrationBench} runs {@link org.bhyvirt.migration.bench.ScenarioRunner}s
 * on one machine (two emulated hosts on loopback), and for each one, in the same run, a
 * {@link org.bhyvirt.migration.bench.LoopbackBaseline}: a plain Java NIO socket copy of the same number
 * of bytes over loopback. {@link org.bhyvirt.migration.bench.BenchReport} prints the results as a table
 * and as JSON. Runners today: the native path ({@link org.bhyvirt.migration.bench.NativeScenarioRunner},
 * the emulator's {@code bhyve -R} / {@code bhyvectl --migrate-live}) and QEMU's own migration
 * ({@link org.bhyvirt.migration.bench.QemuScenarioRunner}, through the shared qmp_migrate.py). The managed
 * engine plugs in as one more runner. Every process and /dev/shm directory a run creates lives under
 * one {@link org.bhyvirt.migration.bench.BenchWorkspace} and is removed at the end, even on failure.
 * Plain Java: no Jakarta, no Kafka.
 */
package org.bhyvirt.migration.bench;
