package org.bhyvirt.plugin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bhyvirt.driver.error.BhyveDriverException;
import org.bhyvirt.driver.error.VirErrorNumber;
import org.bhyvirt.driver.rpc.xdr.TypedParam;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PerformOptionsTest {

    private static PerformOptions of(long flags, List<TypedParam> params) {
        return PerformOptions.of(flags, params, MigrationOptions::defaults, Optional.empty(), Optional.empty());
    }

    @Test
    void virshMigrateLiveP2pIsALiveMigrationWithoutThrottling() {
        MigrationOptions o = of(PerformOptions.LIVE | PerformOptions.PEER2PEER, List.of()).options();
        assertEquals(MigrationKind.LIVE, o.kind());
        assertFalse(o.autoConverge(), "libvirt throttles only with --auto-converge");
        assertEquals(1, o.parallelChannels());
        assertFalse(o.bandwidthLimited());
    }

    @Test
    void flagsAndParametersBecomeEngineOptions() {
        MigrationOptions o = of(PerformOptions.LIVE | PerformOptions.PEER2PEER | PerformOptions.AUTO_CONVERGE
                | PerformOptions.PARALLEL, List.of(TypedParam.ofULLong("bandwidth", 64),
                TypedParam.ofInt("parallel.connections", 4), TypedParam.ofInt("auto_converge.initial", 30),
                TypedParam.ofInt("auto_converge.increment", 5))).options();
        assertEquals(64L << 20, o.bandwidthLimit());
        assertEquals(4, o.parallelChannels());
        assertTrue(o.autoConverge());
        assertEquals(30, o.autoConvergeInitial());
        assertEquals(5, o.autoConvergeIncrement());
        assertEquals(2, of(PerformOptions.LIVE | PerformOptions.PEER2PEER | PerformOptions.PARALLEL, List.of())
                .options().parallelChannels(), "libvirt's default parallel connections");
        assertEquals(MigrationKind.WARM, of(PerformOptions.PEER2PEER, List.of()).options().kind(),
                "without --live the guest is paused first");
    }

    @Test
    void remembeTheDomainsMaxDowntimeAndSpeedUnlessAParameterSaysOtherwise() {
        MigrationOptions o = PerformOptions.of(PerformOptions.LIVE | PerformOptions.PEER2PEER, List.of(),
                MigrationOptions::defaults, Optional.of(50L), Optional.of(100L)).options();
        assertEquals(Duration.ofMillis(50), o.downtimeLimit());
        assertEquals(100L << 20, o.bandwidthLimit());
        MigrationOptions p = PerformOptions.of(PerformOptions.LIVE | PerformOptions.PEER2PEER,
                List.of(TypedParam.ofULLong("bandwidth", 0)), MigrationOptions::defaults, Optional.empty(),
                Optional.of(100L)).options();
        assertFalse(p.bandwidthLimited(), "bandwidth 0 is unlimited, as in libvirt");
    }

    @ParameterizedTest
    @CsvSource({
        "4, VIR_MIGRATE_TUNNELLED",
        "64, VIR_MIGRATE_NON_SHARED_DISK",
        "1024, VIR_MIGRATE_OFFLINE",
        "32768, VIR_MIGRATE_POSTCOPY",
        "65536, VIR_MIGRATE_TLS",
        "16, VIR_MIGRATE_UNDEFINE_SOURCE"})
    void whatBhyvirtCannotDoIsRefusedByName(long flag, String name) {
        BhyveDriverException e = assertThrows(BhyveDriverException.class,
                () -> of(PerformOptions.LIVE | PerformOptions.PEER2PEER | flag, List.of()));
        assertEquals(VirErrorNumber.ARGUMENT_UNSUPPORTED, e.number());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void theClientDrivenFormNeedsNoPeerToPeerFlagAndTakesTheDestinationsUri() {
        MigrationOptions o = PerformOptions.of(PerformOptions.Form.CLIENT_DRIVEN, PerformOptions.LIVE,
                List.of(TypedParam.ofString("migrate_uri", "tcp://127.0.0.1:40000"),
                        TypedParam.ofString("destination_xml", "<domain/>")),
                MigrationOptions::defaults, Optional.empty(), Optional.empty()).options();
        assertEquals(MigrationKind.LIVE, o.kind());
        BhyveDriverException p2p = assertThrows(BhyveDriverException.class, () -> of(PerformOptions.LIVE
                | PerformOptions.PEER2PEER, List.of(TypedParam.ofString("migrate_uri", "tcp://127.0.0.1:40000"))));
        assertEquals(VirErrorNumber.ARGUMENT_UNSUPPORTED, p2p.number());
    }

    @Test
    void badParametersAreRefused() {
        long f = PerformOptions.LIVE | PerformOptions.PEER2PEER;
        assertEquals(VirErrorNumber.ARGUMENT_UNSUPPORTED, assertThrows(BhyveDriverException.class,
                () -> of(f, List.of(TypedParam.ofString("destination_name", "other")))).number());
        assertEquals(VirErrorNumber.ARGUMENT_UNSUPPORTED, assertThrows(BhyveDriverException.class,
                () -> of(f, List.of(TypedParam.ofInt("parallel.connections", 4)))).number(), "needs --parallel");
        assertEquals(VirErrorNumber.INVALID_ARG, assertThrows(BhyveDriverException.class,
                () -> of(f, List.of(TypedParam.ofString("bandwidth", "fast")))).number());
        assertEquals(VirErrorNumber.ARGUMENT_UNSUPPORTED, assertThrows(BhyveDriverException.class,
                () -> of(PerformOptions.LIVE, List.of())).number(), "a destination URI needs --p2p");
        assertEquals(VirErrorNumber.INVALID_ARG, assertThrows(BhyveDriverException.class,
                () -> of(f | PerformOptions.PARALLEL, List.of(TypedParam.ofInt("parallel.connections", 1000)))).number());
    }
}
