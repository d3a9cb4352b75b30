package org.bhyvirt.migration;

import java.util.Objects;

/**
 * The migration engine's one exception type. It carries a stable {@link Code} (libvirt's
 * {@code virErrorNumber} value wherever libvirt has one, so the REST and RPC faces report it
 * unchanged), the {@link MigrationPhase} it failed in and the name of the state the failing
 * party was in (a protocol receiver state, an engine state); its message names all three and
 * what failed.
 */
public class MigrationException extends RuntimeException {

    /**
     * Stable error codes. Every value is libvirt's virerror.h number; a value is never changed
     * or reused.
     */
    public enum Code {
        /** A bug or an invariant broken inside the engine. */
        INTERNAL_ERROR(1),
        /** An option or argument outside its documented range. */
        INVALID_ARG(8),
        /** An operation failed for a reason not covered by a more specific code. */
        OPERATION_FAILED(9),
        /** Reading the stream or the guest failed (I/O). */
        READ_FAILED(31),
        /** Writing the stream or the guest failed (I/O). */
        WRITE_FAILED(34),
        /** A system call failed. */
        SYSTEM_ERROR(38),
        /** The peer broke the wire protocol: malformed, unknown, oversized or unexpected frame. */
        RPC(39),
        /** The one-time token or the handshake was refused. */
        AUTH_FAILED(45),
        /** The operation is not valid in the current state. */
        OPERATION_INVALID(55),
        /** The configuration (layout, devices, versions) is not supported by the peer. */
        CONFIG_UNSUPPORTED(67),
        /** The migration ran past its timeout. */
        OPERATION_TIMEOUT(68),
        /** The migration was cancelled or aborted by either side. */
        OPERATION_ABORTED(78),
        /** The domain cannot be migrated safely (e.g. its configuration forbids it). */
        MIGRATE_UNSAFE(81),
        /** The operation is not supported by this host or peer. */
        OPERATION_UNSUPPORTED(84),
        /** The destination's CPU cannot run the guest's CPU model. */
        CPU_INCOMPATIBLE(91);

        private final int number;

        Code(int number) {
            this.number = number;
        }

        /** libvirt's virErrorNumber value. */
        public int number() {
            return number;
        }

        /** The code with libvirt number {@code number}, or {@link #OPERATION_FAILED} when unknown. */
        public static Code ofNumber(int number) {
            for (Code c : values()) {
                if (c.number == number) {
                    return c;
                }
            }
            return OPERATION_FAILED;
        }
    }

    private final Code code;
    private final MigrationPhase phase;
    private final String state;

    public MigrationException(Code code, MigrationPhase phase, String state, String message) {
        this(code, phase, state, message, null);
    }

    public MigrationException(Code code, MigrationPhase phase, String state, String message, Throwable cause) {
        super(format(code, phase, state, message), cause);
        this.code = code;
        this.phase = phase;
        this.state = state;
    }

    private static String format(Code code, MigrationPhase phase, String state, String message) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        return "migration " + phase.label() + " failed in state " + state + ": " + message;
    }

    /** The stable error code. */
    public Code code() {
        return code;
    }

    /** The phase the migration failed in. */
    public MigrationPhase phase() {
        return phase;
    }

    /** The name of the state the failing party was in. */
    public String state() {
        return state;
    }

    /** The message without the phase/state prefix. */
    public String reason() {
        String m = getMessage();
        String prefix = "migration " + phase.label() + " failed in state " + state + ": ";
        return m.substring(prefix.length());
    }
}
