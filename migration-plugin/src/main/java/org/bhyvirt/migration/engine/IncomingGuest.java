package org.bhyvirt.migration.engine;

import java.nio.file.Path;

/**
 * How the destination host runs a migrated guest that starts at prepare and waits for its state
 * (the domain driver's prepareIncoming / finishIncoming / abortIncoming, or a test's process):
 * {@link #startWaiting} returns once a {@code bhyve ... -r CHECKPOINT NAME} runs from the incoming
 * checkpoint (the guest paused, no state yet); {@link #resumed} records that the engine gave it its
 * state and resumed it; {@link #abandon} ends that bhyve and its VM when the migration fails. Only
 * {@link #startWaiting} may fail the migration; {@link #abandon} must not throw for a guest that is
 * already gone.
 */
public interface IncomingGuest {
    /** Starts VM {@code name}'s bhyve from the incoming {@code checkpoint}, waiting paused. */
    void startWaiting(String name, Path checkpoint) throws Exception;

    /** The guest of VM {@code name} got its state and runs (the engine resumed its vCPUs). */
    void resumed(String name);

    /** Ends VM {@code name}'s waiting bhyve and destroys its VM (the migration failed). */
    void abandon(String name);
}
