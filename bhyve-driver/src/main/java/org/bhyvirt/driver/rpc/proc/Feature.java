package org.bhyvirt.driver.rpc.proc;

import java.util.Optional;

/**
 * libvirt's driver features ({@code virDrvFeature}) a client asks about with
 * CONNECT_SUPPORTS_FEATURE, with their wire numbers. Which ones this server reports depends on the
 * procedures it has (migration features only with the migration procedures).
 */
public enum Feature {
    MIGRATION_V1(1),
    REMOTE(2),
    MIGRATION_V2(3),
    MIGRATION_P2P(4),
    MIGRATION_DIRECT(5),
    MIGRATION_V3(6),
    MIGRATE_CHANGE_PROTECTION(7),
    FD_PASSING(8),
    TYPED_PARAM_STRING(9),
    PROGRAM_KEEPALIVE(10),
    XML_MIGRATABLE(11),
    MIGRATION_OFFLINE(12),
    MIGRATION_PARAMS(13),
    REMOTE_EVENT_CALLBACK(14),
    REMOTE_CLOSE_CALLBACK(15),
    NETWORK_UPDATE_HAS_CORRECT_ORDER(16);

    private final int number;

    Feature(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The feature with {@code number}; empty for numbers this server does not know (answered 0). */
    public static Optional<Feature> of(int number) {
        for (Feature f : values()) {
            if (f.number == number) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
