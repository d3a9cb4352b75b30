package org.bhyvirt.driver.host;

import java.util.List;

/**
 * The outcome of one synchronous program run: the argv actually executed, its exit status and
 * its combined stdout and stderr. Immutable.
 */
public record ProgramResult(List<String> argv, int exitStatus, String output) {

    public ProgramResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** A one-line description naming the program, its status and its output, for error messages. */
    public String describe() {
        String out = output.strip();
        return String.join(" ", argv) + " exited with status " + exitStatus + (out.isEmpty() ? "" : ": " + out);
    }
}
