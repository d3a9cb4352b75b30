package org.bhyvirt.plugin.peer;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.plugin.rest.Problem;
import org.bhyvirt.plugin.rest.Problems;

/**
 * A migration engine error answered as a problem document carrying libvirt's number and name and
 * the message naming phase and state, with the status {@link MigrationErrorStatus} gives (the peer
 * API's prepare and finish, the migrations API's invalid options); host failures (500) are logged.
 */
@Provider
public class MigrationExceptionMapper implements ExceptionMapper<MigrationException> {
    private static final Logger LOG = Logger.getLogger(MigrationExceptionMapper.class.getName());

    @Override
    public Response toResponse(MigrationException e) {
        Problem p = of(e);
        if (p.status() == 500) {
            LOG.log(Level.WARNING, "migration call failed: " + e.getMessage(), e);
        }
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    /** The problem of {@code e}. */
    public static Problem of(MigrationException e) {
        String name = e.code().name();
        return new Problem(Problems.TYPE_PREFIX + "libvirt:" + name.toLowerCase(Locale.ROOT).replace('_', '-'),
                "Migration " + e.phase().label() + " failed", MigrationErrorStatus.of(e.code()), e.getMessage(),
                e.code().number(), name, null);
    }
}
