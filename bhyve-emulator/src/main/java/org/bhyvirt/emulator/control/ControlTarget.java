package org.bhyvirt.emulator.control;

import java.util.Map;

/**
 * What the control server drives: the running bhyve. {@link #execute} returns the answer's fields
 * and what to do once the answer is sent (e.g. exit the process); it throws
 * {@link IllegalStateException} or {@link java.io.IOException} with a message naming what failed.
 */
public interface ControlTarget {

    /** The outcome of a command: the answer's fields and an action to run after answering. */
    record Outcome(Map<String, Object> fields, Runnable afterAnswer) {
        /** An outcome with nothing to do after answering. */
        public static Outcome of(Map<String, Object> fields) {
            return new Outcome(fields, () -> { });
        }
    }

    /** Executes {@code command} with {@code argument} (null when it takes none). */
    Outcome execute(ControlCommand command, String argument) throws java.io.IOException;
}
