package org.bhyvirt.plugin.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Inputs that failed Bean Validation answered 400 with one violation per invalid input, named by
 * its path below the resource method ({@code state}, {@code request.file}).
 */
@Provider
public class ValidationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        return ProblemResponses.of(Problems.invalidInput(violations(e.getConstraintViolations())));
    }

    /** Bean Validation's violations as the problem's list: field below the method, and message. */
    static List<Problem.Violation> violations(Set<? extends ConstraintViolation<?>> found) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> v : found) {
            violations.add(new Problem.Violation(field(v.getPropertyPath()), v.getMessage()));
        }
        return violations;
    }

    /** The path without the method's node: {@code save.request.file} is {@code request.file}. */
    static String field(Path path) {
        List<String> names = new ArrayList<>();
        for (Path.Node n : path) {
            if (n.getKind() != ElementKind.METHOD && n.getKind() != ElementKind.CONSTRUCTOR && n.getName() != null) {
                names.add(n.getKind() == ElementKind.RETURN_VALUE ? "result" : n.getName());
            }
        }
        return names.isEmpty() ? path.toString() : String.join(".", names);
    }
}
