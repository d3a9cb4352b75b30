package org.bhyvirt.plugin.rest;

import java.util.List;
import java.util.Objects;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): {@code type} (a URN naming the
 * kind of problem), {@code title}, HTTP {@code status}, {@code detail} (what failed, for a person),
 * libvirt's error number and name when the driver reported one, and the invalid inputs of a
 * validation failure. Fields without a value are left out of the JSON.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "libvirtError", "libvirtErrorName", "violations"})
public record Problem(String type, String title, int status, String detail, Integer libvirtError,
                      String libvirtErrorName, List<Violation> violations) {

    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        violations = violations == null ? null : List.copyOf(violations);
    }

    /** One invalid input: where it is (e.g. {@code save.request.file}) and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
