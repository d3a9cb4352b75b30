package org.bhyvirt.driver.host;

/**
 * How a guest's bhyve process ended, as its supervisor recorded it: an exit status (bhyve's
 * codes: 0 reboot, 1 poweroff, 2 halt, 3 triple fault, 4 error), a signal that killed it, or
 * {@link Kind#UNKNOWN} when no record exists (the supervisor itself was killed). Immutable.
 */
public record GuestExit(Kind kind, int value) {

    /** What ended the process. */
    public enum Kind { EXITED, SIGNALED, UNKNOWN }

    public static GuestExit exited(int status) {
        return new GuestExit(Kind.EXITED, status);
    }

    public static GuestExit signaled(int signal) {
        return new GuestExit(Kind.SIGNALED, signal);
    }

    public static GuestExit unknown() {
        return new GuestExit(Kind.UNKNOWN, -1);
    }

    /** Parses the supervisor's record: a shell status, where 128+N means killed by signal N. */
    public static GuestExit fromShellStatus(int status) {
        return status > 128 ? signaled(status - 128) : exited(status);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case EXITED -> "exit status " + value;
            case SIGNALED -> "killed by signal " + value;
            case UNKNOWN -> "unknown exit";
        };
    }
}
