package org.bhyvirt.driver.rpc.proc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.bhyvirt.driver.rpc.xdr.TypedParam;

/**
 * The port through which the RPC server sees and aborts a domain's long-running job (a
 * migration): its progress in libvirt's job-info terms, the last completed job's figures, and
 * abort. {@link #NONE} is a host that runs no such jobs: every domain is idle.
 */
public interface DomainJobs {

    /** libvirt's {@code virDomainJobType}. */
    enum JobType {
        NONE(0), BOUNDED(1), UNBOUNDED(2), COMPLETED(3), FAILED(4), CANCELLED(5);

        private final int code;

        JobType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /**
     * One job's figures: type, the fields of {@code virDomainJobInfo} (milliseconds and bytes) and
     * the typed parameters of {@code virDomainGetJobStats} (operation, time_elapsed, data_*,
     * memory_*, ...).
     */
    record JobStats(JobType type, long timeElapsedMs, long timeRemainingMs, long dataTotal, long dataProcessed,
                    long dataRemaining, long memTotal, long memProcessed, long memRemaining,
                    List<TypedParam> params) {
        public JobStats {
            Objects.requireNonNull(type, "type");
            params = List.copyOf(params);
        }

        /** No job. */
        public static JobStats none() {
            return new JobStats(JobType.NONE, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
        }
    }

    /** The running job of the domain, if any. */
    Optional<JobStats> current(UUID domain);

    /** The last completed (or failed, or cancelled) job of the domain, if one is remembered. */
    Optional<JobStats> completed(UUID domain);

    /** Asks the running job of the domain to stop; false when none runs. */
    boolean abort(UUID domain);

    /** A host without long-running jobs. */
    DomainJobs NONE = new DomainJobs() {
        @Override
        public Optional<JobStats> current(UUID domain) {
            return Optional.empty();
        }

        @Override
        public Optional<JobStats> completed(UUID domain) {
            return Optional.empty();
        }

        @Override
        public boolean abort(UUID domain) {
            return false;
        }
    };
}
