package org.bhyvirt.driver.rpc.proc;

import java.util.EnumSet;
import java.util.Set;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.rpc.server.ProcedureTable;

/**
 * The whole table of libvirt's remote program as this host answers it: connection, queries,
 * lifecycle, jobs and events, and the driver features that go with them.
 */
public final class RemoteProcedures {

    /** The features every bhyvirt host has. */
    static final Set<Feature> BASE_FEATURES = EnumSet.of(Feature.REMOTE, Feature.TYPED_PARAM_STRING,
            Feature.PROGRAM_KEEPALIVE, Feature.REMOTE_EVENT_CALLBACK, Feature.REMOTE_CLOSE_CALLBACK,
            Feature.NETWORK_UPDATE_HAS_CORRECT_ORDER);

    private RemoteProcedures() {
    }

    /** The table for {@code driver}, with {@code jobs} as the source of job progress and abort. */
    public static ProcedureTable forHost(DomainDriver driver, DomainJobs jobs) {
        ProcedureTable t = new ProcedureTable();
        new ConnectProcedures(driver, EnumSet.copyOf(BASE_FEATURES)).register(t);
        new DomainQueryProcedures(driver).register(t);
        new DomainLifecycleProcedures(driver).register(t);
        new JobProcedures(driver, jobs).register(t);
        new EventProcedures().register(t);
        return t;
    }
}
