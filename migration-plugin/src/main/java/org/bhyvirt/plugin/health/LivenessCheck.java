package org.bhyvirt.plugin.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bhyvirt.plugin.host.PluginHost;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness {@code bhyvirt-host}: the plugin answers, and its host did not fail to start. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Inject
    PluginHost host;

    @Override
    public HealthCheckResponse call() {
        return Responses.of("bhyvirt-host", HostChecks.alive(host.status()));
    }
}
