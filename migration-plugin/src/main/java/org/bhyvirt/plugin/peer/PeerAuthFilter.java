package org.bhyvirt.plugin.peer;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.bhyvirt.plugin.rest.Problem;
import org.bhyvirt.plugin.rest.Problems;

/**
 * Checks the signature of every request to a {@link PeerSigned} resource before it runs: reads the
 * body (at most {@value #MAX_BODY} bytes), has the {@link PeerVerifier} check it with the method and
 * the raw request target, and puts the body back for the resource. A refused request ends here with
 * 401 and a problem document carrying libvirt's AUTH_FAILED.
 */
@Provider
@PeerSigned
@Priority(Priorities.AUTHENTICATION)
public class PeerAuthFilter implements ContainerRequestFilter {
    /** The largest peer request body accepted: a domain's XML and an offer. */
    static final int MAX_BODY = 4 << 20;

    @Inject
    PeerAuthentication authentication;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        byte[] body;
        try (InputStream in = request.getEntityStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            request.abortWith(refused("the request body is larger than " + MAX_BODY + " bytes"));
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try {
            authentication.verifier().verify(request.getMethod(), target, request::getHeaderString, body);
        } catch (PeerAuthException e) {
            request.abortWith(refused(e.getMessage()));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private static Response refused(String detail) {
        Problem p = new Problem(Problems.TYPE_PREFIX + "peer-unauthorized", "Peer request refused", 401, detail,
                PeerAuthException.LIBVIRT_NUMBER, PeerAuthException.LIBVIRT_NAME, null);
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, SignedRequest.SCHEME)
                .entity(p).build();
    }
}
