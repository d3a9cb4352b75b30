package org.bhyvirt.plugin.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.engine.Incoming;
import org.bhyvirt.migration.engine.MigrationOffer;
import org.bhyvirt.migration.engine.TargetTimes;
import org.bhyvirt.migration.managed.DestinationHost;
import org.bhyvirt.migration.managed.PreparedIncoming;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.migration.protocol.MigrationToken;
import org.junit.jupiter.api.Test;

/**
 * {@link IncomingMigrations} on a recording destination: ids are fresh, each incoming migration is
 * finished or cancelled at most once, unknown ids are refused, malformed requests are INVALID_ARG,
 * and migrations past their deadline or at shut-down are cancelled.
 */
class IncomingMigrationsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    /** A destination that records what happens to what it prepared. */
    private static final class Recording implements DestinationHost {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<Duration> idleTimeouts = new CopyOnWriteArrayList<>();

        @Override
        public PreparedIncoming prepare(String domainXml, MigrationOffer offer, Duration idleTimeout) {
            idleTimeouts.add(idleTimeout);
            String name = offer.name();
            log.add("prepare " + name);
            Incoming incoming = new Incoming(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000),
                    MigrationToken.random(new SecureRandom()));
            return new PreparedIncoming() {
                @Override
                public Incoming incoming() {
                    return incoming;
                }

                @Override
                public TargetTimes finish(Duration timeout) {
                    log.add("finish " + name);
                    return new TargetTimes(Duration.ofNanos(1), Duration.ofNanos(2), Duration.ofNanos(3));
                }

                @Override
                public void cancel() {
                    log.add("cancel " + name);
                }
            };
        }

        @Override
        public String describe() {
            return "recording";
        }
    }

    private static PrepareRequest request(String name, MigrationOptions options) {
        return new PrepareRequest("<domain/>", PeerOffer.from(new MigrationOffer(name, 1L << 30, 1, "host", List.of(),
                options)), 0);
    }

    private final Recording host = new Recording();
    private final IncomingMigrations incoming = new IncomingMigrations(host, Clock.fixed(T0, ZoneOffset.UTC),
            Duration.ofHours(1));

    @Test
    void eachPreparedMigrationGetsAFreshIdAndIsFinishedOnce() {
        PreparedAnswer a = incoming.prepare(request("a", MigrationOptions.defaults(MigrationKind.LIVE)));
        PreparedAnswer b = incoming.prepare(request("b", MigrationOptions.defaults(MigrationKind.LIVE)));
        assertNotEquals(a.id(), b.id());
        assertEquals(new PeerTimes(1, 2, 3), incoming.finish(a.id(), Duration.ofSeconds(5)));
        assertThrows(NoSuchElementException.class, () -> incoming.finish(a.id(), Duration.ofSeconds(5)));
        assertThrows(NoSuchElementException.class, () -> incoming.cancel(a.id()));
        incoming.cancel(b.id());
        assertEquals(List.of("prepare a", "prepare b", "finish a", "cancel b"), host.log);
        assertEquals(0, incoming.size());
    }

    @Test
    void anUnknownIdIsRefused() {
        assertThrows(NoSuchElementException.class, () -> incoming.cancel("nosuch"));
        assertThrows(NoSuchElementException.class, () -> incoming.finish(null, Duration.ofSeconds(1)));
    }

    @Test
    void theIdleTimeoutIsTheSourcesOrTheDefault() {
        incoming.prepare(request("a", MigrationOptions.defaults(MigrationKind.LIVE)));
        PrepareRequest r = request("b", MigrationOptions.defaults(MigrationKind.LIVE));
        incoming.prepare(new PrepareRequest(r.domainXml(), r.offer(), 2500));
        assertEquals(List.of(IncomingMigrations.DEFAULT_IDLE_TIMEOUT, Duration.ofMillis(2500)), host.idleTimeouts);
    }

    @Test
    void malformedRequestsAreInvalidAndPrepareNothing() {
        PrepareRequest good = request("a", MigrationOptions.defaults(MigrationKind.LIVE));
        for (PrepareRequest bad : List.of(new PrepareRequest(null, good.offer(), 0),
                new PrepareRequest(" ", good.offer(), 0), new PrepareRequest("<domain/>", null, 0),
                new PrepareRequest("<domain/>", good.offer(), -1),
                new PrepareRequest("<domain/>", good.offer(), IncomingMigrations.MAX_IDLE_TIMEOUT.toMillis() + 1))) {
            MigrationException e = assertThrows(MigrationException.class, () -> incoming.prepare(bad));
            assertEquals(MigrationException.Code.INVALID_ARG, e.code(), e.getMessage());
        }
        assertEquals(List.of(), host.log);
    }

    @Test
    void migrationsPastTheirDeadlineAreCancelled() {
        PreparedAnswer untimed = incoming.prepare(request("untimed", MigrationOptions.defaults(MigrationKind.LIVE)));
        PreparedAnswer timed = incoming.prepare(request("timed", MigrationOptions.defaults(MigrationKind.LIVE)
                .withTimeout(Duration.ofSeconds(30))));
        assertEquals(List.of(), incoming.expire(T0.plusSeconds(60)));
        assertEquals(List.of(timed.id()), incoming.expire(T0.plusSeconds(91)));
        assertEquals(List.of(untimed.id()), incoming.expire(T0.plus(Duration.ofHours(1)).plusSeconds(1)));
        assertEquals(List.of("prepare untimed", "prepare timed", "cancel timed", "cancel untimed"), host.log);
    }

    @Test
    void cancelAllCancelsEveryWaitingMigration() {
        incoming.prepare(request("a", MigrationOptions.defaults(MigrationKind.LIVE)));
        incoming.prepare(request("b", MigrationOptions.defaults(MigrationKind.COLD)));
        incoming.cancelAll();
        assertEquals(0, incoming.size());
        assertEquals(2, host.log.stream().filter(l -> l.startsWith("cancel")).count());
    }
}
