package org.bhyvirt.migration.managed;

import java.time.Duration;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.TargetTimes;

/**
 * One incoming migration a {@link DestinationHost} prepared: where the source's stream connects,
 * then exactly one of finish (the guest runs on the destination) or cancel (it is gone there).
 * {@link #cancel()} may be called from any thread, more than once, and never throws.
 */
public interface PreparedIncoming {
    /** The address and one-time token the source's perform needs (libvirt's URI and cookie). */
    Incoming incoming();

    /**
     * libvirt's Finish3: waits at most {@code timeout} for the stream to complete and runs the guest
     * here. Returns the destination's share of the downtime (a cold migration's restore from files
     * as {@link TargetTimes#restore()}); a MigrationException, the guest discarded, otherwise.
     */
    TargetTimes finish(Duration timeout);

    /** Gives up before finish resumed the guest: the incoming guest is ended; never throws. */
    void cancel();
}
