package org.bhyvirt.plugin.rpc;

import static org.bhyvirt.driver.rpc.server.Access.READ_ONLY;
import static org.bhyvirt.driver.rpc.server.Access.READ_WRITE;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.proc.RemoteProcedure;
import org.bhyvirt.driver.rpc.server.Procedure;
import org.bhyvirt.driver.rpc.server.ProcedureTable;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.xdr.Limits;
import org.bhyvirt.driver.rpc.xdr.TypedParam;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.plugin.migration.MigrationService;
import org.bhyvirt.plugin.migration.MigrationStatus;
import org.bhyvirt.plugin.migration.MigrationView;
import org.bhyvirt.plugin.peer.IncomingService;
import org.bhyvirt.plugin.peer.PeerTimes;
import org.bhyvirt.plugin.peer.PrepareRequest;
import org.bhyvirt.plugin.peer.PreparedAnswer;

/**
 * libvirt's peer-to-peer migration over RPC. On the source, DOMAIN_MIGRATE_PERFORM3_PARAMS (what
 * {@code virsh migrate --p2p} sends) starts a managed migration to {@code dconnuri} with the options
 * its flags and parameters give ({@link PerformOptions}) and answers when it ended: OK once the
 * guest runs on the destination, OPERATION_ABORTED when {@code domjobabort} cancelled it (the guest
 * keeps running here), the migration's own error otherwise. On the destination, PREPARE3_PARAMS and
 * FINISH3_PARAMS are the peer API's prepare, finish and cancel with JSON cookies. Also
 * migrate-setmaxdowntime and migrate-setspeed, remembered per domain for its next migration.
 */
final class MigrationProcedures {

    /** How long FINISH3 waits for the stream when the cookie gives no time. */
    static final Duration DEFAULT_FINISH_WAIT = Duration.ofMinutes(10);

    private final DomainDriver driver;
    private final MigrationService migrations;
    private final IncomingService incoming;
    private final Jsonb jsonb;
    private final Map<UUID, Long> maxDowntimeMs = new ConcurrentHashMap<>();
    private final Map<UUID, Long> maxSpeedMiBs = new ConcurrentHashMap<>();

    MigrationProcedures(DomainDriver driver, MigrationService migrations, IncomingService incoming, Jsonb jsonb) {
        this.driver = driver;
        this.migrations = migrations;
        this.incoming = incoming;
        this.jsonb = jsonb;
    }

    void register(ProcedureTable t) {
        // The client-driven (managed) form starts with Begin3 on the source: refused with a clear word
        // instead of "unknown procedure", as the v3 features this host reports would otherwise invite it.
        t.add(RemoteProcedure.DOMAIN_MIGRATE_BEGIN3_PARAMS, READ_WRITE, d -> {
            RemoteDomain.read(d);
            params(d);
            d.readUnsignedInt("flags");
            return s -> {
                throw peerToPeerOnly();
            };
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_CONFIRM3_PARAMS, READ_WRITE, d -> {
            RemoteDomain.read(d);
            params(d);
            d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            d.readUnsignedInt("flags");
            d.readInt("cancelled");
            return s -> {
                throw peerToPeerOnly();
            };
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_PERFORM3_PARAMS, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            Optional<String> dconnuri = d.readOptional("dconnuri", x -> x.readString("dconnuri", Limits.STRING_MAX));
            List<TypedParam> params = params(d);
            d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            long flags = d.readUnsignedInt("flags");
            return s -> perform(dom, dconnuri, params, flags);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_PREPARE3_PARAMS, READ_WRITE, d -> {
            params(d);
            byte[] cookie = d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            d.readUnsignedInt("flags");
            return s -> prepare(cookie);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_FINISH3_PARAMS, READ_WRITE, d -> {
            params(d);
            byte[] cookie = d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            d.readUnsignedInt("flags");
            boolean cancelled = d.readBool("cancelled");
            return s -> finish(cookie, cancelled);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_SET_MAX_DOWNTIME, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long ms = d.readHyper("downtime");
            long flags = d.readUnsignedInt("flags");
            return s -> {
                noFlags("virDomainMigrateSetMaxDowntime", flags);
                PerformOptions.checkDowntime(ms);
                maxDowntimeMs.put(driver.lookupByUuid(dom.uuid()).uuid(), ms);
                return Procedure.VOID;
            };
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_SET_MAX_SPEED, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long mibs = d.readHyper("bandwidth");
            long flags = d.readUnsignedInt("flags");
            return s -> {
                noFlags("virDomainMigrateSetMaxSpeed", flags);
                PerformOptions.checkBandwidth(mibs);
                maxSpeedMiBs.put(driver.lookupByUuid(dom.uuid()).uuid(), mibs);
                return Procedure.VOID;
            };
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_GET_MAX_SPEED, READ_ONLY, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            long flags = d.readUnsignedInt("flags");
            return s -> {
                noFlags("virDomainMigrateGetMaxSpeed", flags);
                UUID uuid = driver.lookupByUuid(dom.uuid()).uuid();
                return new XdrEncoder(8).writeHyper(maxSpeedMiBs.getOrDefault(uuid, 0L)).toByteArray();
            };
        });
    }

    private static BhyveDriverException peerToPeerOnly() {
        return new BhyveDriverException(VirErrorNumber.ARGUMENT_UNSUPPORTED, "bhyvirt migrates peer-to-peer only: "
                + "use virsh migrate --p2p (libvirt-java: migrateToURI with VIR_MIGRATE_PEER2PEER)");
    }

    private static List<TypedParam> params(XdrDecoder d) {
        return d.readArray("params", Limits.TYPED_PARAM_LIST_MAX, TypedParam.MIN_WIRE_BYTES, TypedParam::read);
    }

    private static void noFlags(String function, long flags) {
        if (flags != 0) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG,
                    String.format("%s: unsupported flags (0x%x)", function, flags));
        }
    }

    private byte[] perform(RemoteDomain dom, Optional<String> dconnuri, List<TypedParam> params, long flags) {
        DomainRef ref = driver.lookupByUuid(dom.uuid());
        if (dconnuri.isEmpty()) {
            throw peerToPeerOnly();
        }
        PerformOptions options = PerformOptions.of(flags, params, migrations::defaults,
                Optional.ofNullable(maxDowntimeMs.get(ref.uuid())), Optional.ofNullable(maxSpeedMiBs.get(ref.uuid())));
        MigrationView started;
        try {
            started = migrations.start(ref.name(), new RpcDestination(dconnuri.get(), jsonb), options.options());
        } catch (MigrationException e) {
            throw driverError(e);
        }
        MigrationView ended = awaitEnd(started.id());
        if (ended.status() == MigrationStatus.COMPLETED) {
            return new XdrEncoder(4).writeOpaque(new byte[0]).toByteArray();
        }
        if (ended.status() == MigrationStatus.CANCELLED) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED, "migration out job: canceled by client");
        }
        String message = ended.error() == null ? "migration failed" : ended.error().message();
        int number = ended.error() == null ? VirErrorNumber.OPERATION_FAILED.code() : ended.error().libvirtError();
        throw new BhyveDriverException(numberOf(number), message);
    }

    /** Waits until migration {@code id} ended; its final view. */
    private MigrationView awaitEnd(String id) {
        CountDownLatch ended = new CountDownLatch(1);
        Runnable unsubscribe = migrations.subscribe(id, e -> {
            if (e.terminal()) {
                ended.countDown();
            }
        });
        try {
            while (true) {
                MigrationView now = migrations.get(id);
                if (now.status() != MigrationStatus.RUNNING) {
                    return now;
                }
                ended.await(1, TimeUnit.SECONDS); // the view is re-read in case the end came before subscribing
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            migrations.cancel(id);
            throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED, "migration out job: interrupted");
        } finally {
            unsubscribe.run();
        }
    }

    private byte[] prepare(byte[] cookie) {
        PrepareRequest request = readCookie(cookie, PrepareRequest.class, "prepare");
        PreparedAnswer answer;
        try {
            answer = incoming.incoming().prepare(request);
        } catch (MigrationException e) {
            throw driverError(e);
        }
        return new XdrEncoder(256).writeOpaque(jsonb.toJson(answer).getBytes(StandardCharsets.UTF_8))
                .writeOptional(Optional.of("tcp://" + answer.host() + ":" + answer.port()), XdrEncoder::writeString)
                .toByteArray();
    }

    private byte[] finish(byte[] cookie, boolean cancelled) {
        RpcFinishCookie request = readCookie(cookie, RpcFinishCookie.class, "finish");
        if (request.id() == null || request.domain() == null) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "the finish cookie names no incoming migration");
        }
        try {
            if (cancelled) {
                incoming.incoming().cancel(request.id());
                throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED,
                        "incoming migration of domain '" + request.domain() + "' cancelled by the source");
            }
            Duration wait = request.timeoutMs() > 0 ? Duration.ofMillis(request.timeoutMs()) : DEFAULT_FINISH_WAIT;
            PeerTimes times = incoming.incoming().finish(request.id(), wait);
            XdrEncoder e = new XdrEncoder(256);
            RemoteDomain.write(e, driver.lookupByName(request.domain()));
            return e.writeOpaque(jsonb.toJson(times).getBytes(StandardCharsets.UTF_8)).toByteArray();
        } catch (NoSuchElementException e) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "no incoming migration " + request.id() + " on this host");
        } catch (MigrationException e) {
            throw driverError(e);
        }
    }

    private <T> T readCookie(byte[] cookie, Class<T> type, String step) {
        if (cookie.length == 0) {
            throw new BhyveDriverException(VirErrorNumber.ARGUMENT_UNSUPPORTED, "only a bhyvirt source can migrate to "
                    + "this host: the " + step + " call carries no bhyvirt cookie (use virsh migrate --p2p)");
        }
        try {
            T value = jsonb.fromJson(new String(cookie, StandardCharsets.UTF_8), type);
            if (value == null) {
                throw new JsonbException("empty");
            }
            return value;
        } catch (JsonbException e) {
            throw new BhyveDriverException(VirErrorNumber.INVALID_ARG, "the " + step + " cookie is not bhyvirt's: "
                    + e.getMessage());
        }
    }

    static BhyveDriverException driverError(MigrationException e) {
        return new BhyveDriverException(numberOf(e.code().number()), e.getMessage(), e);
    }

    private static VirErrorNumber numberOf(int code) {
        for (VirErrorNumber n : VirErrorNumber.values()) {
            if (n.code() == code) {
                return n;
            }
        }
        return VirErrorNumber.OPERATION_FAILED;
    }
}
