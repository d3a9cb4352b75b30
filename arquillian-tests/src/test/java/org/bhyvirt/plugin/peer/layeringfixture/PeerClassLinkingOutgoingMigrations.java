package org.bhyvirt.plugin.peer.layeringfixture;

import org.bhyvirt.plugin.migration.MigrationStatus;

/** A deliberate violation of the layering rules: a peer class that links the outgoing migrations. Test data only. */
public final class PeerClassLinkingOutgoingMigrations {

    private PeerClassLinkingOutgoingMigrations() {
    }

    public static boolean over(String status) {
        return MigrationStatus.valueOf(status).terminal();
    }
}
