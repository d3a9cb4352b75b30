package org.bhyvirt.migration.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * What the destination's share of the downtime was, measured by the destination: handing the
 * received vCPU and device state to the waiting guest ({@code restore}, before COMPLETE_ACK),
 * resuming its vCPUs ({@code resume}) and, once the guest runs again, recording the running domain
 * and releasing this host's mapping of its memory ({@code record}: after the downtime, reported so a
 * caller timing finish can take it out); with a guest started at finish instead, {@code restore} is zero and
 * {@code resume} is the whole start.
 *
 * @param restore the state restore into the waiting guest
 * @param resume  the vCPUs' resume (or the whole start of a guest started at finish)
 * @param record  the domain driver's record of the running guest and the release of the memory mapping
 */
public record TargetTimes(Duration restore, Duration resume, Duration record) {
    public TargetTimes {
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(resume, "resume");
        Objects.requireNonNull(record, "record");
    }
}
