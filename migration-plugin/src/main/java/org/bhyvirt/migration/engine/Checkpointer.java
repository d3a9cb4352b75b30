package org.bhyvirt.migration.engine;

import java.nio.file.Path;

/**
 * What a cold migration's source asks of its host (the domain driver's cold-migration calls, or a
 * test's processes): stop the guest into checkpoint files (bhyve's {@code bhyvectl --suspend}: FILE,
 * FILE.kern, FILE.meta), run it again from them here when the migration failed
 * ({@code bhyve -r}), or end it here for good once the destination runs it. Each call throws when
 * it could not do what it says.
 */
public interface Checkpointer {

    /** Stops VM {@code name}'s guest into checkpoint {@code file} (and its .kern and .meta). */
    void checkpoint(String name, Path file);

    /**
     * Runs {@code name}'s guest here again from checkpoint {@code file}; the host takes the files
     * over (bhyve reads them while it restores; the driver deletes them when that run ends).
     */
    void restore(String name, Path file);

    /** The destination runs the guest: {@code name} ends here (it stays checkpointed nowhere). */
    void release(String name);
}
