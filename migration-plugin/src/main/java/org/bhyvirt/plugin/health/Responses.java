package org.bhyvirt.plugin.health;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** A {@link CheckResult} as MicroProfile Health's response named {@code name}. */
final class Responses {

    private Responses() {
    }

    static HealthCheckResponse of(String name, CheckResult result) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(name).status(result.up());
        result.data().forEach(b::withData);
        return b.build();
    }
}
