package org.bhyvirt.plugin.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.bhyvirt.plugin.host.HostNotReadyException;

/** A call on a host that cannot serve answered 503 with the reason. */
@Provider
public class HostNotReadyMapper implements ExceptionMapper<HostNotReadyException> {

    @Override
    public Response toResponse(HostNotReadyException e) {
        return ProblemResponses.of(Problems.hostNotReady(e.getMessage()));
    }
}
