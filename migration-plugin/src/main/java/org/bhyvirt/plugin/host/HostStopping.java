package org.bhyvirt.plugin.host;

import java.util.Objects;

/**
 * CDI event fired when the application stops, before the host's driver closes: observers cancel
 * their work on the driver (running migrations end with the guest left running on the source) and
 * release listeners. The driver is still usable while observers run.
 */
public record HostStopping(String hostName) {
    public HostStopping {
        Objects.requireNonNull(hostName, "hostName");
    }
}
