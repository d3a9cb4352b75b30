package org.bhyvirt.plugin.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.rpc.proc.DomainJobs;
import org.bhyvirt.driver.rpc.xdr.TypedParam;
import org.bhyvirt.plugin.migration.MigrationService;
import org.bhyvirt.plugin.migration.MigrationStatus;
import org.bhyvirt.plugin.migration.MigrationView;
import org.bhyvirt.plugin.migration.ProgressView;
import org.bhyvirt.plugin.migration.ResultView;

/**
 * This host's outgoing migrations as libvirt jobs: a running migration of the domain is its
 * current job (type UNBOUNDED, operation MIGRATION_OUT, libvirt's job-stats names), the latest
 * ended one its completed job, and aborting cancels the running one (the guest keeps running here).
 */
final class MigrationJobs implements DomainJobs {

    /** VIR_DOMAIN_JOB_OPERATION_MIGRATION_OUT. */
    static final int OPERATION_MIGRATION_OUT = 5;

    private final MigrationService migrations;
    private final Supplier<DomainDriver> driver;

    MigrationJobs(MigrationService migrations, Supplier<DomainDriver> driver) {
        this.migrations = migrations;
        this.driver = driver;
    }

    @Override
    public Optional<JobStats> current(UUID domain) {
        return latest(domain).filter(m -> m.status() == MigrationStatus.RUNNING).map(MigrationJobs::running);
    }

    @Override
    public Optional<JobStats> completed(UUID domain) {
        return latest(domain).filter(m -> m.status() != MigrationStatus.RUNNING).map(MigrationJobs::ended);
    }

    @Override
    public boolean abort(UUID domain) {
        Optional<MigrationView> running = latest(domain).filter(m -> m.status() == MigrationStatus.RUNNING);
        running.ifPresent(m -> migrations.cancel(m.id()));
        return running.isPresent();
    }

    private Optional<MigrationView> latest(UUID domain) {
        String name;
        try {
            name = driver.get().lookupByUuid(domain).name();
        } catch (BhyveDriverException e) {
            return Optional.empty();
        }
        List<MigrationView> all = migrations.list();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).domain().equals(name)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    static JobStats running(MigrationView m) {
        ProgressView p = m.progress();
        long elapsed = p != null ? p.elapsedMs()
                : java.time.Duration.between(m.startedAt(), java.time.Instant.now()).toMillis();
        long total = p == null ? 0 : p.totalBytes();
        long done = p == null ? 0 : p.transferredBytes();
        long left = p == null ? 0 : p.remainingBytes();
        List<TypedParam> params = new ArrayList<>(List.of(
                TypedParam.ofInt("operation", OPERATION_MIGRATION_OUT),
                TypedParam.ofULLong("time_elapsed", elapsed),
                TypedParam.ofULLong("data_total", total),
                TypedParam.ofULLong("data_processed", done),
                TypedParam.ofULLong("data_remaining", left),
                TypedParam.ofULLong("memory_total", total),
                TypedParam.ofULLong("memory_processed", done),
                TypedParam.ofULLong("memory_remaining", left)));
        if (p != null) {
            params.add(TypedParam.ofULLong("memory_dirty_rate", p.dirtyRateBytesPerSecond() / 4096));
            params.add(TypedParam.ofULLong("memory_iteration", p.round()));
            params.add(TypedParam.ofULLong("memory_bps", p.bandwidthBytesPerSecond()));
            params.add(TypedParam.ofULLong("memory_page_size", 4096));
        }
        return new JobStats(JobType.UNBOUNDED, elapsed, 0, total, done, left, total, done, left, params);
    }

    static JobStats ended(MigrationView m) {
        JobType type = switch (m.status()) {
            case COMPLETED -> JobType.COMPLETED;
            case CANCELLED -> JobType.CANCELLED;
            default -> JobType.FAILED;
        };
        ResultView r = m.result();
        long elapsed = r != null ? r.totalMs()
                : m.endedAt() == null ? 0 : java.time.Duration.between(m.startedAt(), m.endedAt()).toMillis();
        List<TypedParam> params = new ArrayList<>(List.of(
                TypedParam.ofInt("operation", OPERATION_MIGRATION_OUT),
                TypedParam.ofULLong("time_elapsed", elapsed)));
        long bytes = r == null ? 0 : r.bytes();
        if (r != null) {
            params.add(TypedParam.ofULLong("downtime", Math.round(r.downtimeMs())));
            params.add(TypedParam.ofULLong("data_total", bytes));
            params.add(TypedParam.ofULLong("data_processed", bytes));
            params.add(TypedParam.ofULLong("data_remaining", 0));
            params.add(TypedParam.ofULLong("memory_iteration", r.rounds()));
        }
        return new JobStats(type, elapsed, 0, bytes, bytes, 0, bytes, bytes, 0, params);
    }
}
