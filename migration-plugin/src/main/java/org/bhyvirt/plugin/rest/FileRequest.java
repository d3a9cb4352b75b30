package org.bhyvirt.plugin.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of save and restore: {@code {"file": "/abs/path"}}, the save image's path on this host.
 * Valid only as an absolute path of at most 4096 characters without NUL characters. (One
 * {@code @Pattern} rather than {@code @Size} too: Payara 6's OpenAPI scanner fails on {@code @Size}
 * of a record component, which it takes for a parameter.)
 */
public record FileRequest(
        @NotNull(message = "must be given")
        @Pattern(regexp = "/[^\\x00]{0,4095}", message = "must be an absolute path of at most 4096 characters")
        String file) {
}
