/**
 * The plugin's events for the cloud's scheduler: {@link org.bhyvirt.plugin.events.EventPublishing}
 * makes the Kafka sink when a broker is configured and hands it the driver's lifecycle events and,
 * through {@link org.bhyvirt.plugin.events.MigrationEventBridge}, every migration's events.
 */
package org.bhyvirt.plugin.events;
