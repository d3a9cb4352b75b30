package org.bhyvirt.plugin.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The REST API's root, {@code /api/v1} under the plugin's context root; every resource and
 * exception mapper of this package is discovered by scanning.
 */
@ApplicationPath("api/v1")
@OpenAPIDefinition(info = @Info(title = "bhyvirt", version = "1",
        description = "libvirt-style management and live migration of bhyve guests on one host"))
public class RestApplication extends Application {
}
