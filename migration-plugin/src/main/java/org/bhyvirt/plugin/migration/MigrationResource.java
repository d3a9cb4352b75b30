package org.bhyvirt.plugin.migration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.util.List;
import java.util.NoSuchElementException;
import org.bhyvirt.plugin.host.PluginHost;
import org.bhyvirt.plugin.rest.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /migrations}: this host's outgoing migrations. POST starts one (202, Location, the
 * migration's first snapshot) after Bean Validation of the request and MigrationOptions' own checks
 * (400 problems); GET lists them or shows one; DELETE asks one to stop (202: it ends a moment later,
 * the guest running here); {@code GET {id}/events} streams its events (Server-Sent Events: phase,
 * progress, then exactly one of completed, failed, cancelled, each with the migration as JSON; then
 * the stream ends). An unknown id is 404.
 */
@Path("migrations")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "migrations", description = "live, warm and cold migrations of this host's guests to another host")
@APIResponse(responseCode = "404", description = "no such migration or domain",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class MigrationResource {

    @Inject
    MigrationService migrations;

    @Inject
    PluginHost host;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Starts migrating a domain to another host's plugin")
    @APIResponse(responseCode = "202", description = "the migration began; follow it at Location",
            content = @Content(schema = @Schema(implementation = MigrationView.class)))
    @APIResponse(responseCode = "400", description = "invalid request or options",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "501", description = "the kind cannot go to another plugin (NATIVE)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(@NotNull(message = "must be given") @Valid MigrationRequest request, @Context UriInfo uri) {
        MigrationView view = migrations.start(request.domain(), URI.create(request.destination()),
                request.options(host.config().migration()));
        return Response.accepted(view).location(uri.getAbsolutePathBuilder().path(view.id()).build()).build();
    }

    @GET
    @Operation(summary = "Lists this host's migrations, running and ended, oldest first")
    public List<MigrationView> list() {
        return migrations.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Shows one migration: phase, status, progress, result or error")
    public MigrationView get(@PathParam("id") String id) {
        try {
            return migrations.get(id);
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancels a migration; the guest keeps running on this host")
    @APIResponse(responseCode = "202", description = "the cancel was asked for",
            content = @Content(schema = @Schema(implementation = MigrationView.class)))
    public Response cancel(@PathParam("id") String id) {
        try {
            return Response.accepted(migrations.cancel(id)).build();
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Streams a migration's events: phase, progress, then completed, failed or cancelled")
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        try {
            migrations.get(id);
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
        migrations.subscribe(id, event -> {
            if (sink.isClosed()) {
                throw new IllegalStateException("the client left");
            }
            OutboundSseEvent out = sse.newEventBuilder().name(event.name())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE).data(MigrationView.class, event.migration()).build();
            var sent = sink.send(out);
            if (event.terminal()) {
                sent.whenComplete((ignored, failure) -> sink.close());
            }
        });
    }
}
