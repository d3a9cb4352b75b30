package org.bhyvirt.plugin.rpc;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.xdr.TypedParam;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;

/**
 * libvirt's migration flags and parameters ({@code virDomainMigrateFlags}, {@code
 * VIR_MIGRATE_PARAM_*}) as engine options: LIVE is a live pre-copy migration, without it the guest
 * is paused first (warm); PEER2PEER is required when the source is given a destination URI; AUTO_CONVERGE turns throttling on (off without it,
 * as in libvirt); PARALLEL uses {@code parallel.connections} channels (libvirt's default 2);
 * {@code bandwidth} is MiB/s; {@code auto_converge.initial}/{@code .increment} are percentages.
 * migrate-setmaxdowntime and migrate-setspeed values apply unless a parameter says otherwise. What
 * bhyvirt cannot do (tunnelled, non-shared disks, post-copy, compression, TLS, offline, a renamed or
 * rewritten destination) is refused with ARGUMENT_UNSUPPORTED naming it, never ignored. Pure.
 */
record PerformOptions(MigrationOptions options) {

    static final long LIVE = 1;
    static final long PEER2PEER = 1 << 1;
    static final long TUNNELLED = 1 << 2;
    static final long PERSIST_DEST = 1 << 3;
    static final long UNDEFINE_SOURCE = 1 << 4;
    static final long PAUSED = 1 << 5;
    static final long NON_SHARED_DISK = 1 << 6;
    static final long NON_SHARED_INC = 1 << 7;
    static final long CHANGE_PROTECTION = 1 << 8;
    static final long UNSAFE = 1 << 9;
    static final long OFFLINE = 1 << 10;
    static final long COMPRESSED = 1 << 11;
    static final long ABORT_ON_ERROR = 1 << 12;
    static final long AUTO_CONVERGE = 1 << 13;
    static final long RDMA_PIN_ALL = 1 << 14;
    static final long POSTCOPY = 1 << 15;
    static final long TLS = 1 << 16;
    static final long PARALLEL = 1 << 17;

    /** The flags bhyvirt honours (the rest is refused by name). */
    static final long SUPPORTED = LIVE | PEER2PEER | PERSIST_DEST | CHANGE_PROTECTION | UNSAFE | ABORT_ON_ERROR
            | AUTO_CONVERGE | PARALLEL;
    /** libvirt's default number of parallel connections. */
    static final int DEFAULT_PARALLEL = 2;

    /** Which of libvirt's two migration forms asks. */
    enum Form {
        /** {@code virsh migrate --p2p}: the source's Perform3 reaches the destination itself. */
        PEER_TO_PEER,
        /** {@code virsh migrate} without --p2p: the client calls Begin3, Prepare3, Perform3, Finish3, Confirm3. */
        CLIENT_DRIVEN
    }

    static PerformOptions of(long flags, List<TypedParam> params, Function<MigrationKind, MigrationOptions> defaults,
                             Optional<Long> maxDowntimeMs, Optional<Long> maxSpeedMiBs) {
        return of(Form.PEER_TO_PEER, flags, params, defaults, maxDowntimeMs, maxSpeedMiBs);
    }

    static PerformOptions of(Form form, long flags, List<TypedParam> params,
                             Function<MigrationKind, MigrationOptions> defaults, Optional<Long> maxDowntimeMs,
                             Optional<Long> maxSpeedMiBs) {
        refuseUnsupported(flags);
        if (form == Form.PEER_TO_PEER && (flags & PEER2PEER) == 0) {
            throw new BhyveDriverException(VirErrorNumber.ARGUMENT_UNSUPPORTED,
                    "a migration to a destination URI is peer-to-peer (VIR_MIGRATE_PEER2PEER, virsh migrate --p2p)");
        }
        MigrationKind kind = (flags & LIVE) != 0 ? MigrationKind.LIVE : MigrationKind.WARM;
        MigrationOptions o = defaults.apply(kind);
        int initial = o.autoConvergeInitial();
        int increment = o.autoConvergeIncrement();
        Long bandwidth = maxSpeedMiBs.orElse(null);
        int channels = (flags & PARALLEL) != 0 ? DEFAULT_PARALLEL : o.parallelChannels();
        for (TypedParam p : params) {
            switch (p.field()) {
                case "bandwidth" -> bandwidth = number(p);
                case "parallel.connections" -> {
                    if ((flags & PARALLEL) == 0) {
                        throw unsupported("parameter parallel.connections without VIR_MIGRATE_PARALLEL (--parallel)");
                    }
                    channels = (int) Math.min(Integer.MAX_VALUE, number(p));
                }
                case "auto_converge.initial" -> initial = (int) Math.min(Integer.MAX_VALUE, number(p));
                case "auto_converge.increment" -> increment = (int) Math.min(Integer.MAX_VALUE, number(p));
                case "destination_xml", "persistent_xml" -> { }  // the domain's own XML, as begin gives it
                case "migrate_uri" -> {
                    if (form == Form.PEER_TO_PEER) {
                        throw unsupported("parameter migrate_uri in a peer-to-peer migration (the destination "
                                + "names its stream address itself)");
                    }
                    // client-driven: the destination's uri_out, which the prepare cookie carries too
                }
                default -> throw unsupported("migration parameter '" + p.field() + "' (= " + p.valueText() + ")");
            }
        }
        try {
            o = o.withParallelChannels(channels)
                    .withAutoConverge((flags & AUTO_CONVERGE) != 0 && kind == MigrationKind.LIVE, initial, increment);
            if (bandwidth != null) {
                checkBandwidth(bandwidth);
                o = o.withBandwidthLimit(bandwidth == 0 ? MigrationOptions.UNLIMITED : bandwidth << 20);
            }
            if (maxDowntimeMs.isPresent()) {
                o = o.withDowntimeLimit(Duration.ofMillis(maxDowntimeMs.get()));
            }
        } catch (MigrationException | IllegalArgumentException e) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, e.getMessage(), e);
        }
        return new PerformOptions(o);
    }

    /** libvirt accepts bandwidth in MiB/s up to what fits in bytes per second. */
    static void checkBandwidth(long mibs) {
        if (mibs < 0 || mibs > (Long.MAX_VALUE >> 20)) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "bandwidth must be less than "
                    + ((Long.MAX_VALUE >> 20) + 1) + " MiB/s");
        }
    }

    static void checkDowntime(long ms) {
        long max = MigrationOptions.MAX_DOWNTIME_LIMIT.toMillis();
        if (ms < 1 || ms > max) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "downtime " + ms + " ms is outside 1 .. " + max);
        }
    }

    private static void refuseUnsupported(long flags) {
        long refused = flags & ~SUPPORTED;
        if (refused == 0) {
            return;
        }
        String[] names = {"LIVE", "PEER2PEER", "TUNNELLED", "PERSIST_DEST", "UNDEFINE_SOURCE", "PAUSED",
            "NON_SHARED_DISK", "NON_SHARED_INC", "CHANGE_PROTECTION", "UNSAFE", "OFFLINE", "COMPRESSED",
            "ABORT_ON_ERROR", "AUTO_CONVERGE", "RDMA_PIN_ALL", "POSTCOPY", "TLS", "PARALLEL"};
        for (int bit = 0; bit < 63; bit++) {
            if ((refused & (1L << bit)) != 0) {
                throw unsupported("migration flag VIR_MIGRATE_" + (bit < names.length ? names[bit] : "0x"
                        + Long.toHexString(1L << bit)));
            }
        }
    }

    private static long number(TypedParam p) {
        return switch (p.type()) {
            case INT, UINT, LLONG, ULLONG -> {
                if (p.longValue() < 0 && p.type() != TypedParam.Type.ULLONG) {
                    throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, p.field() + " must not be negative");
                }
                yield p.longValue();
            }
            default -> throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    "parameter " + p.field() + " must be a number, not " + p.type());
        };
    }

    private static BhyveDriverException unsupported(String what) {
        return new BhyveDriverException(VirErrorNumber.ARGUMENT_UNSUPPORTED, what + " is not supported by bhyvirt");
    }
}
