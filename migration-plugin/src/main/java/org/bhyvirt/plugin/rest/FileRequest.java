package org.bhyvirt.plugin.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of save and restore: {@code {"file": "/abs/path"}}, the save image's path on this host.
 * Valid only as an absolute path without NUL characters.
 */
public record FileRequest(
        @NotNull(message = "must be given")
        @Size(max = 4096, message = "must be at most 4096 characters")
        @Pattern(regexp = "/[^\\x00]*", message = "must be an absolute path")
        String file) {
}
