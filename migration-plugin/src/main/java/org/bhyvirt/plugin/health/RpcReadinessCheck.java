package org.bhyvirt.plugin.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bhyvirt.plugin.rpc.RpcListener;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness {@code bhyvirt-rpc}: DOWN when the libvirt RPC listener should run and does not (its
 * port taken, its address unusable), UP otherwise; its data gives the listener's state and port,
 * so an operator learns where {@code virsh -c bhyve+tcp://HOST:PORT/system} connects.
 */
@Readiness
@ApplicationScoped
public class RpcReadinessCheck implements HealthCheck {

    @Inject
    RpcListener listener;

    @Override
    public HealthCheckResponse call() {
        return Responses.of("bhyvirt-rpc", result(listener.status(), listener.port(), listener.tlsPort(),
                listener.failure().isPresent()));
    }

    static CheckResult result(String status, OptionalInt port, OptionalInt tlsPort, boolean failed) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("listener", status);
        port.ifPresent(p -> data.put("port", Integer.toString(p)));
        tlsPort.ifPresent(p -> data.put("tlsPort", Integer.toString(p)));
        return failed ? CheckResult.down(data) : CheckResult.up(data);
    }
}
