package org.bhyvirt.driver.rpc.proc;

import static org.bhyvirt.driver.rpc.proc.Domains.flags;
import static org.bhyvirt.driver.rpc.proc.Domains.resolve;
import static org.bhyvirt.driver.rpc.server.Access.READ_ONLY;
import static org.bhyvirt.driver.rpc.server.Access.READ_WRITE;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.proc.DomainJobs.JobStats;
import org.bhyvirt.driver.rpc.server.Procedure;
import org.bhyvirt.driver.rpc.server.ProcedureTable;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.xdr.TypedParam;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;

/**
 * Jobs: GET_JOB_INFO (what {@code virsh migrate --verbose} polls), GET_JOB_STATS (what {@code
 * virsh domjobinfo} shows, also {@code --completed}) and ABORT_JOB. An idle domain answers type
 * NONE, not an error; aborting when no job runs is OPERATION_INVALID, as with libvirtd.
 */
final class JobProcedures {

    /** VIR_DOMAIN_JOB_STATS_COMPLETED. */
    private static final long STATS_COMPLETED = 1;
    /** VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED. */
    private static final long STATS_KEEP_COMPLETED = 2;

    private final DomainDriver driver;
    private final DomainJobs jobs;

    JobProcedures(DomainDriver driver, DomainJobs jobs) {
        this.driver = driver;
        this.jobs = jobs;
    }

    void register(ProcedureTable t) {
        t.add(RemoteProcedure.DOMAIN_GET_JOB_INFO, READ_ONLY, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            return s -> info(jobs.current(resolve(driver, dom).uuid()).orElse(JobStats.none()));
        });
        t.add(RemoteProcedure.DOMAIN_GET_JOB_STATS, READ_ONLY, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long flags = flags(d);
            return s -> {
                if ((flags & ~(STATS_COMPLETED | STATS_KEEP_COMPLETED)) != 0) {
                    throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                            String.format("virDomainGetJobStats: unsupported flags (0x%x)", flags));
                }
                DomainRef ref = resolve(driver, dom);
                JobStats stats = ((flags & STATS_COMPLETED) != 0 ? jobs.completed(ref.uuid()) : jobs.current(ref.uuid()))
                        .orElse(JobStats.none());
                return new XdrEncoder(64 + 48 * stats.params().size()).writeInt(stats.type().code())
                        .writeArray(stats.params(), TypedParam::write).toByteArray();
            };
        });
        t.add(RemoteProcedure.DOMAIN_ABORT_JOB, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            return s -> abort(dom, 0);
        });
        t.add(RemoteProcedure.DOMAIN_ABORT_JOB_FLAGS, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long flags = flags(d);
            return s -> abort(dom, flags);
        });
    }

    private byte[] abort(RemoteDomain dom, long flags) {
        if (flags != 0) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    String.format("virDomainAbortJobFlags: unsupported flags (0x%x)", flags));
        }
        DomainRef ref = resolve(driver, dom);
        if (!jobs.abort(ref.uuid())) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID, "no job is active on the domain");
        }
        return Procedure.VOID;
    }

    private static byte[] info(JobStats j) {
        return new XdrEncoder(100).writeInt(j.type().code())
                .writeHyper(j.timeElapsedMs()).writeHyper(j.timeRemainingMs())
                .writeHyper(j.dataTotal()).writeHyper(j.dataProcessed()).writeHyper(j.dataRemaining())
                .writeHyper(j.memTotal()).writeHyper(j.memProcessed()).writeHyper(j.memRemaining())
                .writeHyper(0).writeHyper(0).writeHyper(0)
                .toByteArray();
    }
}
