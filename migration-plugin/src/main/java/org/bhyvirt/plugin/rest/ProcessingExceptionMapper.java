package org.bhyvirt.plugin.rest;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body JSON-B could not read answered 400 (malformed JSON); any other processing failure 500. */
@Provider
public class ProcessingExceptionMapper implements ExceptionMapper<ProcessingException> {

    private static final Logger LOG = Logger.getLogger(ProcessingExceptionMapper.class.getName());

    @Override
    public Response toResponse(ProcessingException e) {
        if (MalformedBodies.isMalformedJson(e)) {
            return ProblemResponses.of(Problems.malformedJson(MalformedBodies.describe(e)));
        }
        LOG.log(Level.WARNING, "request processing failed", e);
        return ProblemResponses.of(Problems.internal(e));
    }
}
