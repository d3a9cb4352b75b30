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

    /** The migration features, reported when the peer-to-peer migration procedures are in the table. */
    static final Set<Feature> MIGRATION_FEATURES = EnumSet.of(Feature.MIGRATION_P2P, Feature.MIGRATION_V3,
            Feature.MIGRATION_PARAMS);

    /** The table for {@code driver}, with {@code jobs} as the source of job progress and abort. */
    public static ProcedureTable forHost(DomainDriver driver, DomainJobs jobs) {
        return forHost(driver, jobs, t -> { });
    }

    /**
     * The table for {@code driver} with the procedures {@code extensions} adds (the plugin's
     * migration procedures); the features reported follow what the table holds.
     */
    public static ProcedureTable forHost(DomainDriver driver, DomainJobs jobs,
                                         java.util.function.Consumer<ProcedureTable> extensions) {
        ProcedureTable t = new ProcedureTable();
        Set<Feature> features = EnumSet.copyOf(BASE_FEATURES);
        new ConnectProcedures(driver, java.util.Collections.unmodifiableSet(features)).register(t);
        new DomainQueryProcedures(driver).register(t);
        new DomainLifecycleProcedures(driver).register(t);
        new JobProcedures(driver, jobs).register(t);
        new EventProcedures().register(t);
        extensions.accept(t);
        if (t.has(RemoteProcedure.DOMAIN_MIGRATE_PERFORM3_PARAMS) && t.has(RemoteProcedure.DOMAIN_MIGRATE_PREPARE3_PARAMS)
                && t.has(RemoteProcedure.DOMAIN_MIGRATE_FINISH3_PARAMS)) {
            features.addAll(MIGRATION_FEATURES);
        }
        return t;
    }
}
