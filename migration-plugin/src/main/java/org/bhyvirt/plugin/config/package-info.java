/**
 * The plugin's configuration: every MicroProfile Config key ({@link org.bhyvirt.plugin.config.ConfigKey}),
 * read and validated once into an immutable {@link org.bhyvirt.plugin.config.PluginConfig}. A bad value
 * is refused with an error naming its key.
 */
package org.bhyvirt.plugin.config;
