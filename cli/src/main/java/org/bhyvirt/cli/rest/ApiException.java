package org.bhyvirt.cli.rest;

/**
 * A request the host refused or could not answer: the request line, the HTTP status (0 when no answer
 * came) and the problem document the host sent (a synthetic one naming the status when the body was not one).
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String request;
    private final int status;
    private final transient Problem problem;

    public ApiException(String request, int status, Problem problem) {
        super(request + " -> " + (status == 0 ? "no answer" : "HTTP " + status) + ": " + problem.describe());
        this.request = request;
        this.status = status;
        this.problem = problem;
    }

    public String request() {
        return request;
    }

    public int status() {
        return status;
    }

    public Problem problem() {
        return problem;
    }
}
