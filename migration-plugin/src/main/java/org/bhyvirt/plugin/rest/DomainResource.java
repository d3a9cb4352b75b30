package org.bhyvirt.plugin.rest;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.domain.state.DomainStateReason;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.plugin.host.PluginHost;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /domains}: libvirt's domain calls on this host. Each method validates its input, makes
 * one driver call and answers the domain's summary; driver errors become problem documents
 * ({@link DriverExceptionMapper}). Lifecycle calls return when the driver does: shutdown only
 * presses the power button, so the domain may still be running in its answer.
 */
@Path("domains")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "domains", description = "domains (guests) of this host and their lifecycle")
@APIResponse(responseCode = "404", description = "no such domain (NO_DOMAIN)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "409", description = "the domain's state forbids the call (OPERATION_INVALID)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "400", description = "invalid input",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "the host is not ready",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DomainResource {

    private static final String NAME_BLANK = "must not be blank";
    /**
     * Not blank, as a pattern: Payara 6's OpenAPI scanner fails on @NotBlank, @NotEmpty and @Size of
     * any parameter other than a path parameter, and mis-reads them there too, so parameters use
     * {@code @Pattern} (which it does not look at).
     */
    private static final String NOT_BLANK = "(?s)\\s*\\S.*";

    @Inject
    PluginHost host;

    @GET
    @Operation(summary = "Lists the domains, optionally only those in one state or only persistent/transient ones")
    @APIResponse(responseCode = "200", description = "the domains, sorted by name",
            content = @Content(schema = @Schema(implementation = DomainSummary[].class)))
    public List<DomainSummary> list(
            @Parameter(description = "running, paused or shutoff") @QueryParam("state")
            @Pattern(regexp = DomainViews.STATE_FILTERS, message = "must be one of running, paused, shutoff") String state,
            @Parameter(description = "true: defined domains only; false: transient ones only") @QueryParam("persistent")
            @Pattern(regexp = DomainViews.BOOLEANS, message = "must be true or false") String persistent) {
        return DomainReads.list(driver(), DomainViews.listFlags(Optional.ofNullable(state), Optional.ofNullable(persistent)));
    }

    @POST
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @Operation(summary = "Defines a domain from libvirt domain XML (virDomainDefineXML)")
    @APIResponse(responseCode = "201", description = "defined; Location names the new domain",
            content = @Content(schema = @Schema(implementation = DomainSummary.class)))
    @APIResponse(responseCode = "200", description = "an existing definition of the same name and UUID was replaced",
            content = @Content(schema = @Schema(implementation = DomainSummary.class)))
    public Response define(
            @Pattern(regexp = NOT_BLANK, message = "the domain XML must not be empty") String xml,
            @Context UriInfo uri) {
        DomainDriver driver = driver();
        Set<String> before = DomainReads.names(driver);
        DomainRef ref = driver.defineXML(xml, 0);
        DomainSummary summary = DomainReads.summary(driver, ref);
        if (before.contains(ref.name())) {
            return Response.ok(summary).build();
        }
        URI location = uri.getBaseUriBuilder().path(DomainResource.class).path(ref.name()).build();
        return Response.created(location).entity(summary).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One domain's summary")
    public DomainSummary get(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        return DomainReads.summary(driver(), name);
    }

    @GET
    @Path("{name}/xml")
    @Produces(MediaType.APPLICATION_XML)
    @Operation(summary = "The domain's XML: the live definition while active, else the stored one (virDomainGetXMLDesc)")
    public String xml(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        return driver().getXMLDesc(name, 0);
    }

    @GET
    @Path("{name}/state")
    @Operation(summary = "The domain's state and its reason (virDomainGetState)")
    public DomainStateView state(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        return DomainViews.state(driver().getState(name));
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Undefines the domain; an active one keeps running as a transient domain (virDomainUndefine)")
    @APIResponse(responseCode = "204", description = "undefined")
    public Response undefine(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        driver().undefine(name, 0);
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/start")
    @Operation(summary = "Boots the domain, or restores its managed save image (virDomainCreate)")
    public DomainSummary start(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        DomainDriver driver = driver();
        return DomainReads.summary(driver, driver.start(name, 0));
    }

    @POST
    @Path("{name}/shutdown")
    @Operation(summary = "Presses the domain's power button (ACPI); returns at once (virDomainShutdown)")
    public DomainSummary shutdown(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        DomainDriver driver = driver();
        driver.shutdown(name, 0);
        return DomainReads.summary(driver, name);
    }

    @POST
    @Path("{name}/reboot")
    @Operation(summary = "Reboots the domain (virDomainReboot)")
    public DomainSummary reboot(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        DomainDriver driver = driver();
        driver.reboot(name, 0);
        return DomainReads.summary(driver, name);
    }

    @POST
    @Path("{name}/destroy")
    @Operation(summary = "Stops the domain at once, as pulling the plug (virDomainDestroy); a transient domain is gone")
    @APIResponse(responseCode = "200", description = "the stopped domain (for a transient one, as it was before it went)")
    public DomainSummary destroy(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        DomainDriver driver = driver();
        DomainSummary before = DomainReads.summary(driver, name);
        driver.destroy(name, 0);
        return afterStop(driver, before, DomainStateReason.SHUTOFF_DESTROYED);
    }

    @POST
    @Path("{name}/suspend")
    @Operation(summary = "Pauses the domain's vCPUs (virDomainSuspend)")
    public DomainSummary suspend(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        DomainDriver driver = driver();
        driver.suspend(name);
        return DomainReads.summary(driver, name);
    }

    @POST
    @Path("{name}/resume")
    @Operation(summary = "Resumes a paused domain (virDomainResume)")
    public DomainSummary resume(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name) {
        DomainDriver driver = driver();
        driver.resume(name);
        return DomainReads.summary(driver, name);
    }

    @POST
    @Path("{name}/save")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Saves the domain's memory and state to a file on this host and stops it (virDomainSave)")
    public DomainSummary save(@PathParam("name") @Pattern(regexp = NOT_BLANK, message = NAME_BLANK) String name,
                              @NotNull(message = "a body {\"file\": \"/abs/path\"} is required") @Valid FileRequest request) {
        DomainDriver driver = driver();
        DomainSummary before = DomainReads.summary(driver, name);
        driver.save(name, java.nio.file.Path.of(request.file()), 0);
        return afterStop(driver, before, DomainStateReason.SHUTOFF_SAVED);
    }

    @POST
    @Path("restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Starts the domain saved in a file on this host (virDomainRestore)")
    public DomainSummary restore(
            @NotNull(message = "a body {\"file\": \"/abs/path\"} is required") @Valid FileRequest request) {
        DomainDriver driver = driver();
        return DomainReads.summary(driver, driver.restore(java.nio.file.Path.of(request.file()), 0));
    }

    private DomainDriver driver() {
        return host.driver();
    }

    /** The summary after a stop: the domain's, or for a transient domain that went with it, the last one as shutoff. */
    private static DomainSummary afterStop(DomainDriver driver, DomainSummary before, DomainStateReason reason) {
        try {
            return DomainReads.summary(driver, before.name());
        } catch (BhyveDriverException e) {
            if (e.number() != VirErrorNumber.NO_DOMAIN) {
                throw e;
            }
            return DomainViews.stopped(before, reason);
        }
    }
}
