package org.bhyvirt.plugin.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.plugin.PluginVersion;
import org.bhyvirt.plugin.host.PluginHost;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /host}: this host's name, version, hypervisor and node, and its probed capabilities. */
@Path("host")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "host", description = "this host: node information and capabilities")
public class HostResource {

    @Inject
    PluginHost host;

    @GET
    @Operation(summary = "This host: name, plugin version, hypervisor (bhyve or bhyve-emulator), CPUs and memory")
    public HostView get() {
        DomainDriver driver = host.driver();
        return DomainViews.host(host.hostName(), PluginVersion.get(), host.config().usesEmulator(), driver.nodeInfo());
    }

    @GET
    @Path("capabilities")
    @Operation(summary = "What this host's bhyve and grub-bhyve offer, as probed when the host started")
    public CapabilitiesView capabilities() {
        return DomainViews.capabilities(host.driver().capabilities());
    }
}
