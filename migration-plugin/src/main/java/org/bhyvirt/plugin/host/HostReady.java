package org.bhyvirt.plugin.host;

import java.util.Objects;

import org.bhyvirt.plugin.config.PluginConfig;

/**
 * CDI event fired once the host's driver is open and serving (after the application started):
 * the moment to bind listeners or start work that needs the driver. Observers run in order of
 * their {@code @Priority}; one that throws is logged and does not stop the host.
 */
public record HostReady(PluginConfig config) {
    public HostReady {
        Objects.requireNonNull(config, "config");
    }
}
