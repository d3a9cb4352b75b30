/**
 * CDI wiring of one bhyve host: {@link org.bhyvirt.plugin.host.PluginHost} opens the domain driver
 * when the application starts and closes it (guests keep running) when it stops; lifecycle events
 * of the driver and of the host itself are fired as CDI events for the other parts of the plugin
 * (metrics, migrations, Kafka) to observe.
 */
package org.bhyvirt.plugin.host;
