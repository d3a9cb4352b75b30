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
import java.util.function.Supplier;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;

import org.bhyvirt.driver.domain.DomainDriver;
import org.bhyvirt.driver.domain.DomainRef;
import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.proc.RemoteProcedure;
import org.bhyvirt.driver.rpc.server.Procedure;
import org.bhyvirt.driver.rpc.server.ProcedureTable;
import org.bhyvirt.driver.rpc.server.Session;
import org.bhyvirt.driver.rpc.wire.RemoteDomain;
import org.bhyvirt.driver.rpc.xdr.Limits;
import org.bhyvirt.driver.rpc.xdr.TypedParam;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;
import org.bhyvirt.driver.vmm.Vmm;
import org.bhyvirt.driver.vmm.VmmProvider;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.managed.MachineCheck;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.migration.MigrationService;
import org.bhyvirt.plugin.migration.MigrationStatus;
import org.bhyvirt.plugin.migration.MigrationView;
import org.bhyvirt.plugin.peer.IncomingService;
import org.bhyvirt.plugin.peer.PeerOffer;
import org.bhyvirt.plugin.peer.PeerTimes;
import org.bhyvirt.plugin.peer.PrepareRequest;
import org.bhyvirt.plugin.peer.PreparedAnswer;

/**
 * libvirt's v3 migration over RPC, in both of its forms.
 * <ul>
 * <li>Peer-to-peer ({@code virsh migrate --p2p}): the source's DOMAIN_MIGRATE_PERFORM3_PARAMS starts
 * a managed migration to {@code dconnuri} with the options its flags and parameters give ({@link
 * PerformOptions}); the source prepares and finishes the destination over its own RPC client.</li>
 * <li>Client-driven ({@code virsh migrate} without --p2p, libvirt-java {@code Domain.migrate}):
 * Begin3 on the source answers the definition and the prepare request as cookie; the client hands
 * it to the destination's Prepare3, whose cookie names the prepared migration and the destination's
 * URI; the source's Perform3 then runs the same managed migration and finishes the destination
 * itself, so the guest never runs on both hosts whatever the client does after; the client's
 * Finish3 and Confirm3 find the work done.</li>
 * </ul>
 * Perform3 answers when the migration ended: OK once the guest runs on the destination,
 * OPERATION_ABORTED when {@code domjobabort} cancelled it (the guest keeps running here), the
 * migration's own error otherwise. PREPARE3_PARAMS and FINISH3_PARAMS are the peer API's prepare,
 * finish and cancel with JSON cookies. Also migrate-setmaxdowntime and migrate-setspeed,
 * remembered per domain for its next migration.
 */
final class MigrationProcedures {

    /** How long FINISH3 waits for the stream when the cookie gives no time. */
    static final Duration DEFAULT_FINISH_WAIT = Duration.ofMinutes(10);

    private final DomainDriver driver;
    private final Supplier<VmmProvider> vmms;
    private final MigrationService migrations;
    private final IncomingService incoming;
    private final Jsonb jsonb;
    private final Map<UUID, Long> maxDowntimeMs = new ConcurrentHashMap<>();
    private final Map<UUID, Long> maxSpeedMiBs = new ConcurrentHashMap<>();

    MigrationProcedures(DomainDriver driver, Supplier<VmmProvider> vmms, MigrationService migrations,
                        IncomingService incoming, Jsonb jsonb) {
        this.driver = driver;
        this.vmms = vmms;
        this.migrations = migrations;
        this.incoming = incoming;
        this.jsonb = jsonb;
    }

    void register(ProcedureTable t) {
        t.add(RemoteProcedure.DOMAIN_MIGRATE_BEGIN3_PARAMS, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            List<TypedParam> params = params(d);
            long flags = d.readUnsignedInt("flags");
            return s -> begin(dom, params, flags);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_CONFIRM3_PARAMS, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            params(d);
            d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            d.readUnsignedInt("flags");
            d.readInt("cancelled");
            return s -> confirm(dom);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_PERFORM3_PARAMS, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            Optional<String> dconnuri = d.readOptional("dconnuri", x -> x.readString("dconnuri", Limits.STRING_MAX));
            List<TypedParam> params = params(d);
            byte[] cookie = d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            long flags = d.readUnsignedInt("flags");
            return s -> perform(dom, dconnuri, cookie, params, flags);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_PREPARE3_PARAMS, READ_WRITE, d -> {
            params(d);
            byte[] cookie = d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            d.readUnsignedInt("flags");
            return s -> prepare(cookie, s);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_FINISH3_PARAMS, READ_WRITE, d -> {
            params(d);
            byte[] cookie = d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            d.readUnsignedInt("flags");
            boolean cancelled = d.readBool("cancelled");
            return s -> finish(cookie, cancelled);
        });
        registerWithoutParams(t);
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


    /**
     * The same five steps in libvirt's older argument structs, without typed parameters
     * ({@code virDomainMigrate} and {@code virDomainMigrateToURI}, as libvirt-java's {@code migrate}
     * and the four-argument {@code migrateToURI} call them): {@code resource} is the bandwidth in
     * MiB/s, {@code dname} a new name, {@code xmlin} a changed definition (both refused by name).
     */
    private void registerWithoutParams(ProcedureTable t) {
        t.add(RemoteProcedure.DOMAIN_MIGRATE_BEGIN3, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            Optional<String> xmlin = optionalString(d, "xmlin");
            long flags = d.readHyper("flags");
            Optional<String> dname = optionalString(d, "dname");
            long resource = d.readHyper("resource");
            return s -> begin(dom, legacyParams(xmlin, dname, resource), flags);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_PREPARE3, READ_WRITE, d -> {
            byte[] cookie = d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            optionalString(d, "uri_in");
            d.readHyper("flags");
            optionalString(d, "dname");
            d.readHyper("resource");
            d.readString("dom_xml", Limits.STRING_MAX);
            return s -> prepare(cookie, s);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_PERFORM3, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            Optional<String> xmlin = optionalString(d, "xmlin");
            byte[] cookie = d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            Optional<String> dconnuri = optionalString(d, "dconnuri");
            optionalString(d, "uri");
            long flags = d.readHyper("flags");
            Optional<String> dname = optionalString(d, "dname");
            long resource = d.readHyper("resource");
            return s -> perform(dom, dconnuri, cookie, legacyParams(xmlin, dname, resource), flags);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_FINISH3, READ_WRITE, d -> {
            d.readString("dname", Limits.STRING_MAX);
            byte[] cookie = d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            optionalString(d, "dconnuri");
            optionalString(d, "uri");
            d.readHyper("flags");
            boolean cancelled = d.readBool("cancelled");
            return s -> finish(cookie, cancelled);
        });
        t.add(RemoteProcedure.DOMAIN_MIGRATE_CONFIRM3, READ_WRITE, d -> {
            RemoteDomain dom = RemoteDomain.read(d);
            d.readOpaque("cookie_in", Limits.COOKIE_MAX);
            d.readHyper("flags");
            d.readInt("cancelled");
            return s -> confirm(dom);
        });
    }

    private static Optional<String> optionalString(XdrDecoder d, String field) {
        return d.readOptional(field, x -> x.readString(field, Limits.STRING_MAX));
    }

    /** The older structs' arguments as the typed parameters the params form carries. */
    private static List<TypedParam> legacyParams(Optional<String> xmlin, Optional<String> dname, long resource) {
        if (xmlin.isPresent()) {
            throw new BhyveDriverException(VirErrorNumber.ARGUMENT_UNSUPPORTED,
                    "a changed domain XML for the destination (xmlin) is not supported by bhyvirt");
        }
        List<TypedParam> params = new java.util.ArrayList<>();
        dname.ifPresent(n -> params.add(TypedParam.ofString("destination_name", n)));
        if (resource != 0) {
            params.add(TypedParam.ofULLong("bandwidth", resource));
        }
        return params;
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

    /**
     * Client-driven Begin3: the domain's definition and, as cookie, the prepare request the
     * destination needs (the guest's shape and the options these flags give); the migration itself
     * starts at Perform3.
     */
    private byte[] begin(RemoteDomain dom, List<TypedParam> params, long flags) {
        DomainRef ref = driver.lookupByUuid(dom.uuid());
        MigrationOptions options = options(PerformOptions.Form.CLIENT_DRIVEN, ref, params, flags);
        String xml = driver.migration().definition(ref.name());
        long memoryBytes;
        try (Vmm vmm = vmms.get().open(ref.name())) {
            memoryBytes = vmm.layout().memoryBytes();
        }
        MigrationOffer offer = MachineCheck.offer(ref.name(), driver.migration().machine(ref.name()), memoryBytes,
                options);
        PrepareRequest request = new PrepareRequest(xml, PeerOffer.from(offer), 0);
        return new XdrEncoder(2 * xml.length() + 1024).writeOpaque(jsonb.toJson(request).getBytes(StandardCharsets.UTF_8))
                .writeString(xml).toByteArray();
    }

    /**
     * Client-driven Confirm3: the source already finished (or gave up) the migration its Perform3
     * ran, so this only waits for its end; the guest is where that left it.
     */
    private byte[] confirm(RemoteDomain dom) {
        Optional<MigrationView> latest = migrations.list().stream().filter(m -> m.domain().equals(dom.name()))
                .reduce((a, b) -> b);
        if (latest.isEmpty()) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_INVALID,
                    "domain '" + dom.name() + "' has no migration to confirm on this host");
        }
        awaitEnd(latest.get().id());
        return Procedure.VOID;
    }

    private MigrationOptions options(PerformOptions.Form form, DomainRef ref, List<TypedParam> params, long flags) {
        return PerformOptions.of(form, flags, params, migrations::defaults,
                Optional.ofNullable(maxDowntimeMs.get(ref.uuid())), Optional.ofNullable(maxSpeedMiBs.get(ref.uuid())))
                .options();
    }

    /**
     * Perform3. With a destination URI (peer-to-peer) the source prepares and finishes the
     * destination itself. Without one (client-driven) the cookie from the destination's Prepare3
     * names the prepared migration and the destination's URI; the source still finishes it there
     * itself, so the guest never runs on both hosts whatever the client does next; the client's
     * Finish3 and Confirm3 then find the work done.
     */
    private byte[] perform(RemoteDomain dom, Optional<String> dconnuri, byte[] cookie, List<TypedParam> params,
                           long flags) {
        DomainRef ref = driver.lookupByUuid(dom.uuid());
        RpcDestination destination;
        PerformOptions.Form form;
        String finishId = null;
        if (dconnuri.isPresent()) {
            form = PerformOptions.Form.PEER_TO_PEER;
            destination = new RpcDestination(dconnuri.get(), jsonb);
        } else {
            form = PerformOptions.Form.CLIENT_DRIVEN;
            RpcPrepareCookie prepared = readCookie(cookie, RpcPrepareCookie.class, "perform");
            if (prepared.answer() == null || prepared.destinationUri() == null) {
                throw new BhyveDriverException(VirErrorNumber.ARGUMENT_UNSUPPORTED, "the destination's prepare "
                        + "cookie names no URI this host can finish the migration at (a destination reached over "
                        + "TLS): use virsh migrate --p2p");
            }
            destination = RpcDestination.preparedByClient(prepared, jsonb);
            finishId = prepared.answer().id();
        }
        MigrationOptions options = options(form, ref, params, flags);
        MigrationView started;
        try {
            started = migrations.start(ref.name(), destination, options);
        } catch (MigrationException e) {
            throw driverError(e);
        }
        MigrationView ended = awaitEnd(started.id());
        if (ended.status() == MigrationStatus.COMPLETED) {
            byte[] out = finishId == null ? new byte[0] : jsonb.toJson(new RpcFinishCookie(finishId, ref.name(), 0))
                    .getBytes(StandardCharsets.UTF_8);
            return new XdrEncoder(out.length + 8).writeOpaque(out).toByteArray();
        }
        if (ended.status() == MigrationStatus.CANCELLED) {
            throw new BhyveDriverException(VirErrorNumber.OPERATION_ABORTED, "migration out job: canceled by client");
        }
        String message = ended.error() == null ? "migration failed" : ended.error().message();
        int number = ended.error() == null ? VirErrorNumber.OPERATION_FAILED.code() : ended.error().libvirtError();
        throw new BhyveDriverException(VirErrorNumber.ofCode(number), message);
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

    private byte[] prepare(byte[] cookie, Session session) {
        PrepareRequest request = readCookie(cookie, PrepareRequest.class, "prepare");
        PreparedAnswer answer;
        try {
            answer = incoming.incoming().prepare(request);
        } catch (MigrationException e) {
            throw driverError(e);
        }
        String here = session.isSecure() ? null : "bhyve+tcp://" + uriHost(session.localAddress().getAddress()) + ":"
                + session.localAddress().getPort() + "/system";
        RpcPrepareCookie out = new RpcPrepareCookie(answer, here);
        return new XdrEncoder(256).writeOpaque(jsonb.toJson(out).getBytes(StandardCharsets.UTF_8))
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
            PeerTimes times;
            try {
                times = incoming.incoming().finish(request.id(), wait);
            } catch (NoSuchElementException e) {
                // the client-driven form: the source finished this migration already (its Perform3)
                DomainRef here = driver.lookupByName(request.domain());
                if (!driver.getState(here.name()).isActive()) {
                    throw e;
                }
                times = new PeerTimes(0, 0, 0);
            }
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

    private static String uriHost(java.net.InetAddress address) {
        String text = address.getHostAddress();
        return address instanceof java.net.Inet6Address ? "[" + text + "]" : text;
    }

    private <T> T readCookie(byte[] cookie, Class<T> type, String step) {
        if (cookie.length == 0) {
            throw new BhyveDriverException(VirErrorNumber.ARGUMENT_UNSUPPORTED, "only bhyvirt hosts migrate to and "
                    + "from each other: the " + step + " call carries no bhyvirt cookie");
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
        return new BhyveDriverException(VirErrorNumber.ofCode(e.code().number()), e.getMessage(), e);
    }
}
