package org.bhyvirt.plugin.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.protocol.MigrationToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The peer API's JSON records: each engine value survives the trip to its record, through JSON-B
 * text and back unchanged; malformed values are refused with INVALID_ARG.
 */
class PeerJsonTest {
    private static Jsonb jsonb;

    @BeforeAll
    static void jsonb() {
        jsonb = JsonbBuilder.create();
    }

    @AfterAll
    static void close() throws Exception {
        jsonb.close();
    }

    private static MigrationOptions options(MigrationKind kind) {
        MigrationOptions o = MigrationOptions.defaults(kind).withTimeout(Duration.ofSeconds(90));
        return kind == MigrationKind.NATIVE ? o : o.withDowntimeLimit(Duration.ofMillis(120))
                .withBandwidthLimit(64L << 20).withParallelChannels(kind == MigrationKind.COLD ? 1 : 4)
                .withAutoConverge(true, 30, 15);
    }

    @ParameterizedTest
    @EnumSource(MigrationKind.class)
    void anOfferSurvivesTheTripThroughJson(MigrationKind kind) {
        MigrationOffer offer = new MigrationOffer("guest-1", 3L << 30, 4, "host", List.of("0:0,hostbridge",
                "31:0,lpc"), options(kind));
        PrepareRequest request = new PrepareRequest("<domain type='bhyve'><name>guest-1</name></domain>",
                PeerOffer.from(offer), 10_000);
        String json = jsonb.toJson(request);
        PrepareRequest back = jsonb.fromJson(json, PrepareRequest.class);
        assertEquals(request, back);
        assertEquals(offer, back.offer().toOffer());
    }

    @Test
    void targetTimesSurviveTheTripThroughJsonToTheNanosecond() {
        TargetTimes times = new TargetTimes(Duration.ofNanos(1_234_567), Duration.ofNanos(89), Duration.ofMillis(3));
        PeerTimes back = jsonb.fromJson(jsonb.toJson(PeerTimes.from(times)), PeerTimes.class);
        assertEquals(times, back.toTimes());
    }

    @Test
    void thePreparedAnswerCarriesAddressPortAndToken() throws Exception {
        MigrationToken token = MigrationToken.random(new java.security.SecureRandom());
        Incoming incoming = new Incoming(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40123), token);
        PreparedAnswer answer = jsonb.fromJson(jsonb.toJson(PreparedAnswer.of("id-1", incoming)), PreparedAnswer.class);
        assertEquals("id-1", answer.id());
        assertEquals(incoming, answer.toIncoming("ignored.example"));
    }

    @Test
    void aWildcardAnswerConnectsToTheHostThePeerWasReachedOn() throws Exception {
        MigrationToken token = MigrationToken.random(new java.security.SecureRandom());
        PreparedAnswer answer = new PreparedAnswer("id", "0.0.0.0", 40000, token.toHex());
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40000),
                answer.toIncoming("127.0.0.1").address());
    }

    @Test
    void anOfferWithAnUnknownKindIsRefusedAsInvalid() {
        PeerOffer offer = new PeerOffer("g", 1L << 30, 1, "host", List.of(),
                new PeerOptions("HOT", 300, 0, 1, 0, true, 20, 10));
        MigrationException e = assertThrows(MigrationException.class, offer::toOffer);
        assertEquals(MigrationException.Code.INVALID_ARG, e.code());
    }

    @Test
    void anOfferWithOptionsOutOfRangeIsRefusedAsInvalid() {
        PeerOffer offer = new PeerOffer("g", 1L << 30, 1, "host", List.of(),
                new PeerOptions("LIVE", 300, 0, 65, 0, true, 20, 10));
        MigrationException e = assertThrows(MigrationException.class, offer::toOffer);
        assertEquals(MigrationException.Code.INVALID_ARG, e.code());
    }

    @Test
    void anOfferWithoutMemoryIsRefusedAsInvalid() {
        PeerOffer offer = new PeerOffer("g", 0, 1, "host", List.of(), PeerOptions.from(MigrationOptions.defaults(
                MigrationKind.LIVE)));
        MigrationException e = assertThrows(MigrationException.class, offer::toOffer);
        assertEquals(MigrationException.Code.INVALID_ARG, e.code());
    }
}
