package org.bhyvirt.migration.progress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable progress report of a migration job, with libvirt's job-info names
 * (virDomainJobInfo / the VIR_DOMAIN_JOB_* typed parameters) so {@code virsh domjobinfo} and
 * {@code migrate --verbose} can show it unchanged. Byte counts are bytes, rates bytes (or pages)
 * per second, times milliseconds as libvirt reports them. {@code downtime} is present only once
 * the job completed; {@code durations} names where the time went.
 *
 * @param timeElapsed        ms since the job started
 * @param dataTotal          bytes the job expects to transfer in all (memory + state)
 * @param dataProcessed      bytes transferred so far
 * @param dataRemaining      bytes still to transfer
 * @param memTotal           guest memory bytes
 * @param memProcessed       memory bytes transferred so far (resent pages count again)
 * @param memRemaining       memory bytes dirty and not yet sent
 * @param memDirtyRate       pages the guest dirties per second
 * @param memIteration       number of the current pre-copy round (libvirt's memory_iteration)
 * @param memBps             memory transfer rate, bytes per second
 * @param memConstant        pages sent as zero pages (no data)
 * @param memNormal          pages sent with data
 * @param memPageSize        guest page size in bytes
 * @param autoConvergeThrottle vCPU throttle in percent (0 = none)
 * @param expectedDowntime   ms a switch-over now is expected to take
 * @param downtime           ms the guest was actually paused, once completed (else -1)
 * @param setupTime          ms spent before the first page was sent
 * @param durations          named durations (setup, rounds, final transfer, state transfer, resume)
 */
public record MigrationProgress(
        long timeElapsed,
        long dataTotal,
        long dataProcessed,
        long dataRemaining,
        long memTotal,
        long memProcessed,
        long memRemaining,
        long memDirtyRate,
        long memIteration,
        long memBps,
        long memConstant,
        long memNormal,
        long memPageSize,
        int autoConvergeThrottle,
        long expectedDowntime,
        long downtime,
        long setupTime,
        Durations durations) {

    /** Where the time went; each duration zero until its part happened. */
    public record Durations(Duration setup, Duration rounds, Duration finalTransfer, Duration stateTransfer,
            Duration resume) {
        /** All zero. */
        public static final Durations NONE = new Durations(Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Duration.ZERO);

        public Durations {
            for (Duration d : new Duration[] {setup, rounds, finalTransfer, stateTransfer, resume}) {
                Objects.requireNonNull(d, "duration");
                if (d.isNegative()) {
                    throw new IllegalArgumentException("negative duration " + d);
                }
            }
        }

        /** The guest's downtime: final transfer + state transfer + resume. */
        public Duration downtime() {
            return finalTransfer.plus(stateTransfer).plus(resume);
        }
    }

    public MigrationProgress {
        Objects.requireNonNull(durations, "durations");
        long[] nonNegative = {timeElapsed, dataTotal, dataProcessed, dataRemaining, memTotal, memProcessed,
            memRemaining, memDirtyRate, memIteration, memBps, memConstant, memNormal, memPageSize, expectedDowntime,
            setupTime};
        String[] names = {"timeElapsed", "dataTotal", "dataProcessed", "dataRemaining", "memTotal", "memProcessed",
            "memRemaining", "memDirtyRate", "memIteration", "memBps", "memConstant", "memNormal", "memPageSize",
            "expectedDowntime", "setupTime"};
        for (int i = 0; i < nonNegative.length; i++) {
            if (nonNegative[i] < 0) {
                throw new IllegalArgumentException(names[i] + " is negative: " + nonNegative[i]);
            }
        }
        if (downtime < -1) {
            throw new IllegalArgumentException("downtime " + downtime + " is neither -1 (not yet) nor >= 0");
        }
        if (autoConvergeThrottle < 0 || autoConvergeThrottle > 99) {
            throw new IllegalArgumentException("throttle " + autoConvergeThrottle + " % outside 0..99");
        }
    }

    /** Whether the job completed (the downtime is known). */
    public boolean completed() {
        return downtime >= 0;
    }

    /**
     * The report as libvirt's typed parameters (VIR_DOMAIN_JOB_* names, e.g. "time_elapsed",
     * "memory_dirty_rate"), in libvirt's order; "downtime" is the actual downtime once completed,
     * the expected one before, as libvirt reports it.
     */
    public Map<String, Long> typedParameters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("time_elapsed", timeElapsed);
        m.put("downtime", completed() ? downtime : expectedDowntime);
        m.put("setup_time", setupTime);
        m.put("data_total", dataTotal);
        m.put("data_processed", dataProcessed);
        m.put("data_remaining", dataRemaining);
        m.put("memory_total", memTotal);
        m.put("memory_processed", memProcessed);
        m.put("memory_remaining", memRemaining);
        m.put("memory_constant", memConstant);
        m.put("memory_normal", memNormal);
        m.put("memory_normal_bytes", memNormal * memPageSize);
        m.put("memory_bps", memBps);
        m.put("memory_dirty_rate", memDirtyRate);
        m.put("memory_page_size", memPageSize);
        m.put("memory_iteration", memIteration);
        m.put("auto_converge_throttle", (long) autoConvergeThrottle);
        return m;
    }
}
