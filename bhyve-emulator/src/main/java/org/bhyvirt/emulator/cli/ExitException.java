package org.bhyvirt.emulator.cli;

/**
 * Ends a stand-in program with a message on stderr and a given exit status, as the FreeBSD
 * program would end ({@code errx(3)} style). The message is printed verbatim; an empty message prints
 * nothing. Thrown only inside a main class and turned into {@code System.exit} there.
 */
public final class ExitException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /** An exit with {@code status} that prints {@code message} (one line) on stderr. */
    public ExitException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** The process exit status. */
    public int status() {
        return status;
    }
}
