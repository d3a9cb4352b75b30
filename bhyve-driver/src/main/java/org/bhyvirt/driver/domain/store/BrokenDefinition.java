package org.bhyvirt.driver.domain.store;

import java.nio.file.Path;

/**
 * A stored definition the driver could not load at start: the file and why. The file is left in
 * place untouched for an operator to repair; other domains load regardless. Immutable.
 */
public record BrokenDefinition(Path file, String problem) {
}
