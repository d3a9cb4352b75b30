package org.bhyvirt.plugin.rest;

import jakarta.ws.rs.core.Response;

/** A problem document as a JAX-RS response: its status, the problem media type, the problem as body. */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static Response of(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
