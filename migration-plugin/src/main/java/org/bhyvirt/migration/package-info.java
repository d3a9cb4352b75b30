/**
 * The migration engine (issue 3): plain Java, never Jakarta or Kafka. The Jakarta EE wiring of
 * the plugin (issue 4) lives beside it in its own packages. Here: {@link
 * org.bhyvirt.migration.MigrationException} (the engine's one exception type) and {@link
 * org.bhyvirt.migration.MigrationPhase}; {@code protocol} (the wire protocol), {@code policy}
 * (convergence), {@code options} (validated per-migration options), {@code progress} (job progress).
 */
package org.bhyvirt.migration;
