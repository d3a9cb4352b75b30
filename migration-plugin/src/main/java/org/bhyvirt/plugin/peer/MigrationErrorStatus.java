package org.bhyvirt.plugin.peer;

import org.bhyvirt.migration.MigrationException.Code;

/**
 * The HTTP status of a refused migration call, by the engine's error code (a pure function): 400
 * invalid input, 401 authentication, 409 a state or configuration that forbids it, 501 not
 * supported, 504 a timeout, 500 anything else.
 */
public final class MigrationErrorStatus {
    private MigrationErrorStatus() {
    }

    /** The status for {@code code}. */
    public static int of(Code code) {
        return switch (code) {
            case INVALID_ARG -> 400;
            case AUTH_FAILED -> 401;
            case OPERATION_INVALID, CONFIG_UNSUPPORTED, CPU_INCOMPATIBLE, MIGRATE_UNSAFE -> 409;
            case OPERATION_UNSUPPORTED -> 501;
            case OPERATION_TIMEOUT -> 504;
            default -> 500;
        };
    }
}
