/**
 * This host's outgoing migrations as the REST API offers them: {@link
 * org.bhyvirt.plugin.migration.MigrationResource} ({@code /migrations}, and the Server-Sent Events of
 * one migration), {@link org.bhyvirt.plugin.migration.MigrationService} (the CDI face: the container's
 * ManagedExecutorService, the metrics, cancel-and-await when the host stops), {@link
 * org.bhyvirt.plugin.migration.MigrationRegistry} and its jobs (ids, snapshots, subscribers; plain
 * Java), and {@link org.bhyvirt.plugin.migration.RemoteDestination}, the destination host reached
 * over its signed peer API. The JSON views ({@code Migration}, progress, result, error) are records
 * here.
 */
package org.bhyvirt.plugin.migration;
