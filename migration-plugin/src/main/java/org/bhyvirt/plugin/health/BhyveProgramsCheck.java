package org.bhyvirt.plugin.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bhyvirt.plugin.host.PluginHost;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness {@code bhyvirt-bhyve-programs}: bhyve, bhyvectl and bhyveload (real or emulated) are executable. */
@Readiness
@ApplicationScoped
public class BhyveProgramsCheck implements HealthCheck {

    @Inject
    PluginHost host;

    @Override
    public HealthCheckResponse call() {
        return Responses.of("bhyvirt-bhyve-programs", host.configIfRead()
                .map(c -> HostChecks.programsPresent(c.programs()))
                .orElseGet(() -> CheckResult.down(Map.of("detail", host.status().detail()))));
    }
}
