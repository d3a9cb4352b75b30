package org.bhyvirt.plugin.rest;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.bhyvirt.driver.error.BhyveDriverException;

/** A driver error answered as a problem carrying libvirt's number ({@link Problems#of}); host failures (5xx) are logged. */
@Provider
public class DriverExceptionMapper implements ExceptionMapper<BhyveDriverException> {

    private static final Logger LOG = Logger.getLogger(DriverExceptionMapper.class.getName());

    @Override
    public Response toResponse(BhyveDriverException e) {
        Problem p = Problems.of(e);
        if (p.status() >= 500) {
            LOG.log(Level.WARNING, "driver call failed: " + p.detail(), e);
        }
        return ProblemResponses.of(p);
    }
}
