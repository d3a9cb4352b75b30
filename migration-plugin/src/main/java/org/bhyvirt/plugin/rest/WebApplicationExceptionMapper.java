package org.bhyvirt.plugin.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The container's own refusals (unknown path 404, wrong method 405, unsupported media type 415,
 * unreadable body 400) answered as problems with the container's status. A body that is not the
 * JSON a call takes is a malformed-JSON problem.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response r = e.getResponse();
        int status = r.getStatus();
        if (status == 400 && MalformedBodies.isMalformedJson(e)) {
            return ProblemResponses.of(Problems.malformedJson(MalformedBodies.describe(e)));
        }
        if (status == 400 && MalformedBodies.isMissing(e)) {
            return ProblemResponses.of(Problems.missingBody());
        }
        String reason = r.getStatusInfo().getReasonPhrase();
        String detail = e.getMessage() == null ? reason : e.getMessage();
        return ProblemResponses.of(Problems.http(status, reason, detail));
    }
}
