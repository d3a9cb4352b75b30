package org.bhyvirt.plugin.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bhyvirt.plugin.host.PluginHost;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness {@code bhyvirt-state-directory}: a file can be written in the host's state directory. */
@Readiness
@ApplicationScoped
public class StateDirectoryCheck implements HealthCheck {

    @Inject
    PluginHost host;

    @Override
    public HealthCheckResponse call() {
        return Responses.of("bhyvirt-state-directory", host.configIfRead()
                .map(c -> HostChecks.writable(c.stateDir()))
                .orElseGet(() -> CheckResult.down(Map.of("detail", host.status().detail()))));
    }
}
