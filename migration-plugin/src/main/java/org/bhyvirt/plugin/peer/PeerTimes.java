package org.bhyvirt.plugin.peer;

import java.time.Duration;
import org.bhyvirt.migration.engine.TargetTimes;

/**
 * The JSON form of {@link TargetTimes} (the destination's share of the downtime, which finish
 * answers), in nanoseconds so nothing is rounded away; {@code from(t).toTimes()} equals {@code t}.
 *
 * @param restoreNanos the state restore into the waiting guest (cold: the restore from files)
 * @param resumeNanos  the vCPUs' resume
 * @param recordNanos  the driver's record of the running guest
 */
public record PeerTimes(long restoreNanos, long resumeNanos, long recordNanos) {
    public PeerTimes {
        if (restoreNanos < 0 || resumeNanos < 0 || recordNanos < 0) {
            throw new IllegalArgumentException("negative destination times: " + restoreNanos + ", " + resumeNanos
                    + ", " + recordNanos);
        }
    }

    /** The JSON form of {@code times}. */
    public static PeerTimes from(TargetTimes times) {
        return new PeerTimes(times.restore().toNanos(), times.resume().toNanos(), times.record().toNanos());
    }

    /** The destination's times. */
    public TargetTimes toTimes() {
        return new TargetTimes(Duration.ofNanos(restoreNanos), Duration.ofNanos(resumeNanos),
                Duration.ofNanos(recordNanos));
    }
}
