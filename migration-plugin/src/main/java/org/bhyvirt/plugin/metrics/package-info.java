/**
 * MicroProfile Metrics of the host (application registry, shown under {@code /metrics}): gauges of
 * domains by state ({@link org.bhyvirt.plugin.metrics.DomainMetrics}) and the migration counters and
 * histograms ({@link org.bhyvirt.plugin.metrics.MigrationMetrics}), which the migration service
 * feeds when a migration starts and ends.
 */
package org.bhyvirt.plugin.metrics;
