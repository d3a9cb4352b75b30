package org.bhyvirt.plugin.rpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.rpc.client.LibvirtUri;
import org.bhyvirt.driver.rpc.client.RpcClient;
import org.bhyvirt.driver.rpc.proc.Feature;
import org.bhyvirt.driver.rpc.proc.RemoteProcedure;
import org.bhyvirt.driver.rpc.xdr.Limits;
import org.bhyvirt.driver.rpc.xdr.TypedParam;
import org.bhyvirt.driver.rpc.xdr.XdrDecoder;
import org.bhyvirt.driver.rpc.xdr.XdrEncoder;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.MigrationPhase;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.managed.DestinationHost;
import org.bhyvirt.migration.managed.PreparedIncoming;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.plugin.peer.PeerOffer;
import org.bhyvirt.plugin.peer.PeerTimes;
import org.bhyvirt.plugin.peer.PrepareRequest;
import org.bhyvirt.plugin.peer.PreparedAnswer;

/**
 * A destination host reached over libvirt's RPC protocol, as a libvirtd source reaches {@code
 * dconnuri} in a peer-to-peer migration: it opens the destination, checks its migration features,
 * and calls DOMAIN_MIGRATE_PREPARE3_PARAMS (then FINISH3_PARAMS, or FINISH3 with {@code
 * cancelled=1} to give up) with bhyvirt's JSON cookies. The memory stream itself goes to the address
 * and one-time token prepare answered, as for every managed migration.
 */
final class RpcDestination implements DestinationHost {

    private static final Logger LOG = Logger.getLogger(RpcDestination.class.getName());
    /** How long prepare may take (the destination starts the waiting guest). */
    static final Duration PREPARE_TIMEOUT = Duration.ofSeconds(60);
    /** What finish may take beyond its own wait for the stream. */
    static final Duration FINISH_MARGIN = Duration.ofSeconds(30);

    private final LibvirtUri uri;
    private final String uriText;
    private final Jsonb jsonb;
    private final PreparedAnswer preparedByClient;

    RpcDestination(String dconnuri, Jsonb jsonb) {
        this(dconnuri, jsonb, null);
    }

    private RpcDestination(String dconnuri, Jsonb jsonb, PreparedAnswer preparedByClient) {
        this.uri = LibvirtUri.parse(dconnuri);
        this.uriText = dconnuri;
        this.jsonb = jsonb;
        this.preparedByClient = preparedByClient;
    }

    /**
     * A destination a libvirt client already prepared (the client-driven form: its PREPARE3 came
     * from the client, whose cookie names the incoming migration and this destination's URI); the
     * source still finishes it itself, as in the peer-to-peer form.
     */
    static RpcDestination preparedByClient(RpcPrepareCookie cookie, Jsonb jsonb) {
        return new RpcDestination(cookie.destinationUri(), jsonb, cookie.answer());
    }

    @Override
    public PreparedIncoming prepare(String domainXml, MigrationOffer offer, Duration idleTimeout) {
        RpcClient client = connect();
        if (preparedByClient != null) {
            try {
                return new Remote(client, preparedByClient.id(), offer.name(), preparedByClient.toIncoming(uri.host()));
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }
        try {
            PrepareRequest request = new PrepareRequest(domainXml, PeerOffer.from(offer), idleTimeout.toMillis());
            byte[] args = new XdrEncoder(domainXml.length() * 2 + 512)
                    .writeArray(List.of(TypedParam.ofString("destination_xml", domainXml)), TypedParam::write)
                    .writeOpaque(jsonb.toJson(request).getBytes(StandardCharsets.UTF_8))
                    .writeInt(1) // VIR_MIGRATE_LIVE: the cookie carries the kind that counts
                    .toByteArray();
            XdrDecoder ret = XdrDecoder.of(client.call(RemoteProcedure.DOMAIN_MIGRATE_PREPARE3_PARAMS, args,
                    PREPARE_TIMEOUT));
            byte[] cookie = ret.readOpaque("cookie_out", Limits.COOKIE_MAX);
            ret.readOptional("uri_out", d -> d.readString("uri_out", Limits.STRING_MAX));
            RpcPrepareCookie prepared = jsonb.fromJson(new String(cookie, StandardCharsets.UTF_8), RpcPrepareCookie.class);
            PreparedAnswer answer = prepared == null ? null : prepared.answer();
            if (answer == null || answer.id() == null) {
                throw new MigrationException(MigrationException.Code.RPC, MigrationPhase.PREPARE, "PREPARE",
                        describe() + " answered prepare without an incoming migration id");
            }
            return new Remote(client, answer.id(), offer.name(), answer.toIncoming(uri.host()));
        } catch (BhyveDriverException e) {
            client.close();
            throw failure(e, MigrationPhase.PREPARE);
        } catch (JsonbException | org.bhyvirt.driver.rpc.xdr.XdrException e) {
            client.close();
            throw new MigrationException(MigrationException.Code.RPC, MigrationPhase.PREPARE, "PREPARE",
                    describe() + " answered prepare with an unreadable cookie: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private RpcClient connect() {
        RpcClient client;
        try {
            client = RpcClient.open(uri);
        } catch (BhyveDriverException e) {
            throw failure(e, MigrationPhase.PREPARE);
        }
        try {
            client.require(List.of(Feature.MIGRATION_P2P, Feature.MIGRATION_V3, Feature.MIGRATION_PARAMS),
                    "peer-to-peer migration");
            return client;
        } catch (BhyveDriverException e) {
            client.close();
            throw failure(e, MigrationPhase.PREPARE);
        }
    }

    private MigrationException failure(BhyveDriverException e, MigrationPhase phase) {
        return new MigrationException(MigrationException.Code.ofNumber(e.number().code()), phase, phase.name(),
                describe() + ": " + e.getMessage(), e);
    }

    @Override
    public String describe() {
        return uriText;
    }

    /** One incoming migration prepared on the destination, over the connection that prepared it. */
    private final class Remote implements PreparedIncoming {
        private final RpcClient client;
        private final String id;
        private final String domain;
        private final Incoming incoming;
        private final AtomicBoolean ended = new AtomicBoolean();

        Remote(RpcClient client, String id, String domain, Incoming incoming) {
            this.client = client;
            this.id = id;
            this.domain = domain;
            this.incoming = incoming;
        }

        @Override
        public Incoming incoming() {
            return incoming;
        }

        @Override
        public TargetTimes finish(Duration timeout) {
            if (!ended.compareAndSet(false, true)) {
                throw new MigrationException(MigrationException.Code.OPERATION_ABORTED, MigrationPhase.FINISH, "FINISH",
                        "incoming migration " + id + " on " + describe() + " was already cancelled or finished");
            }
            try {
                XdrDecoder ret = XdrDecoder.of(client.call(RemoteProcedure.DOMAIN_MIGRATE_FINISH3_PARAMS,
                        finishArgs(Math.max(1, timeout.toMillis()), false), timeout.plus(FINISH_MARGIN)));
                org.bhyvirt.driver.rpc.wire.RemoteDomain.read(ret);
                byte[] cookie = ret.readOpaque("cookie_out", Limits.COOKIE_MAX);
                return jsonb.fromJson(new String(cookie, StandardCharsets.UTF_8), PeerTimes.class).toTimes();
            } catch (BhyveDriverException e) {
                throw failure(e, MigrationPhase.FINISH);
            } catch (JsonbException | org.bhyvirt.driver.rpc.xdr.XdrException e) {
                throw new MigrationException(MigrationException.Code.RPC, MigrationPhase.FINISH, "FINISH",
                        describe() + " answered finish with an unreadable cookie: " + e.getMessage(), e);
            } finally {
                client.close();
            }
        }

        @Override
        public void cancel() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            try {
                client.call(RemoteProcedure.DOMAIN_MIGRATE_FINISH3_PARAMS, finishArgs(1, true), FINISH_MARGIN);
            } catch (BhyveDriverException e) {
                // finish with cancelled=1 answers an error by design (no domain); a lost peer is logged
                if (e.number() != org.bhyvirt.driver.error.VirErrorNumber.OPERATION_ABORTED) {
                    LOG.log(Level.WARNING, "cancelling incoming migration " + id + " on " + describe() + ": "
                            + e.getMessage());
                }
            } finally {
                client.close();
            }
        }

        private byte[] finishArgs(long timeoutMs, boolean cancelled) {
            return new XdrEncoder(256).writeArray(List.<TypedParam>of(), TypedParam::write)
                    .writeOpaque(jsonb.toJson(new RpcFinishCookie(id, domain, timeoutMs)).getBytes(StandardCharsets.UTF_8))
                    .writeInt(1)
                    .writeInt(cancelled ? 1 : 0)
                    .toByteArray();
        }
    }
}
