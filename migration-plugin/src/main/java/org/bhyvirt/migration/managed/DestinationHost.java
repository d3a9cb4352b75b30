package org.bhyvirt.migration.managed;

import java.time.Duration;
import org.bhyvirt.migration.engine.MigrationOffer;

/**
 * The destination host of a managed migration as the source's orchestrator sees it: in this JVM
 * ({@link ManagedDestination}) or another plugin reached over the network. {@link #prepare} is
 * libvirt's Prepare3 (the guest gets ready to receive; the answer says where the source connects);
 * the returned {@link PreparedIncoming} finishes or cancels it.
 *
 * <p>Guarantee of every implementation: a prepare that throws leaves the destination without the
 * guest, and a prepared incoming migration that is cancelled (or whose finish fails) leaves it
 * without the guest too; failures are {@link org.bhyvirt.migration.MigrationException}s naming the
 * phase (PREPARE or FINISH) and carrying libvirt's error number.
 */
public interface DestinationHost {
    /**
     * Gets ready for the domain defined by {@code domainXml} with {@code offer}'s shape and kind; the
     * stream may stay silent at most {@code idleTimeout}.
     */
    PreparedIncoming prepare(String domainXml, MigrationOffer offer, Duration idleTimeout);

    /** Names this destination in messages: the host's name or its URL. */
    String describe();
}
