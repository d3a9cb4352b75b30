package org.bhyvirt.plugin.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bhyvirt.plugin.host.PluginHost;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness {@code bhyvirt-driver}: the host's domain driver is open and serving. */
@Readiness
@ApplicationScoped
public class HostReadinessCheck implements HealthCheck {

    @Inject
    PluginHost host;

    @Override
    public HealthCheckResponse call() {
        return Responses.of("bhyvirt-driver", HostChecks.serving(host.status()));
    }
}
