package org.bhyvirt.plugin.peer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /peer/incoming}: the destination's half of a migration, for other hosts only (every
 * request signed, {@link PeerSigned}). {@code POST} prepares (201, Location, {@link PreparedAnswer}),
 * {@code POST {id}/finish} waits for the stream and resumes the guest ({@link PeerTimes}),
 * {@code DELETE {id}} cancels (204). An unknown id is 404; engine errors are problems with libvirt's
 * number ({@link MigrationExceptionMapper}).
 */
@Path("peer/incoming")
@ApplicationScoped
@PeerSigned
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "peer", description = "host to host: the destination's half of a migration (signed requests only)")
public class IncomingResource {

    @Inject
    IncomingService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Prepares an incoming migration (libvirt's Prepare3): the guest waits here for its stream")
    public Response prepare(@NotNull(message = "must be given") PrepareRequest request, @Context UriInfo uri) {
        PreparedAnswer answer = service.incoming().prepare(request);
        return Response.created(uri.getAbsolutePathBuilder().path(answer.id()).build()).entity(answer).build();
    }

    @POST
    @Path("{id}/finish")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Finishes an incoming migration (libvirt's Finish3): resumes the guest once its stream completed")
    public PeerTimes finish(@PathParam("id") String id, @NotNull(message = "must be given") FinishRequest request) {
        if (request.timeoutMs() < 1 || request.timeoutMs() > FinishRequest.MAX_TIMEOUT_MS) {
            throw new MigrationException(MigrationException.Code.INVALID_ARG, MigrationPhase.FINISH, "FINISH",
                    "finish timeout " + request.timeoutMs() + " ms is outside 1 .. " + FinishRequest.MAX_TIMEOUT_MS);
        }
        try {
            return service.incoming().finish(id, Duration.ofMillis(request.timeoutMs()));
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancels an incoming migration: the waiting guest is ended here")
    public Response cancel(@PathParam("id") String id) {
        try {
            service.incoming().cancel(id);
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
        return Response.noContent().build();
    }
}
