package org.bhyvirt.migration.engine;

import java.nio.file.Path;

/**
 * How the destination host starts the migrated guest: {@code bhyve <the domain's argv> -r CHECKPOINT NAME}
 * from memory already in place (the domain driver's supervised start, or a test's process). It returns
 * once the guest runs and throws when it could not start it.
 */
@FunctionalInterface
public interface GuestLauncher {
    /** Starts VM {@code name}'s guest from the staged {@code checkpoint}. */
    void start(String name, Path checkpoint) throws Exception;
}
