package org.bhyvirt.plugin.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bhyvirt.migration.MigrationException;
import org.bhyvirt.migration.options.MigrationKind;
import org.bhyvirt.migration.options.MigrationOptions;
import org.bhyvirt.plugin.config.MigrationDefaults;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MigrationRequest}: Bean Validation (Hibernate Validator, as Payara runs it) names each
 * invalid field; absent options take the host's defaults, given ones replace them; options valid in
 * form but not together (NATIVE with a bandwidth) fail MigrationOptions' own check as INVALID_ARG.
 */
class MigrationRequestTest {
    private static final String URL = "http://127.0.0.1:8181/bhyvirt";
    private static final MigrationDefaults DEFAULTS = new MigrationDefaults("127.0.0.1", 0, 250, 100, 2, 600, true);
    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    private static List<String> invalid(MigrationRequest r) {
        Set<ConstraintViolation<MigrationRequest>> v = validator.validate(r);
        return v.stream().map(c -> c.getPropertyPath().toString()).sorted().toList();
    }

    @Test
    void aMinimalRequestIsValidAndTakesTheHostsDefaults() {
        MigrationRequest r = new MigrationRequest("guest", URL, null, null, null, null, null, null);
        assertEquals(List.of(), invalid(r));
        MigrationOptions o = r.options(DEFAULTS);
        assertEquals(MigrationKind.LIVE, o.kind());
        assertEquals(Duration.ofMillis(250), o.downtimeLimit());
        assertEquals(100L << 20, o.bandwidthLimit());
        assertEquals(2, o.parallelChannels());
        assertEquals(Duration.ofSeconds(600), o.timeout());
        assertEquals(true, o.autoConverge());
    }

    @Test
    void givenOptionsReplaceTheDefaults() {
        MigrationOptions o = new MigrationRequest("guest", URL, "WARM", 50L, 0L, 4, 0L, false).options(DEFAULTS);
        assertEquals(MigrationOptions.defaults(MigrationKind.WARM).withDowntimeLimit(Duration.ofMillis(50))
                .withParallelChannels(4), o);
    }

    @Test
    void everyInvalidTextFieldIsNamed() {
        MigrationRequest r = new MigrationRequest(" ", "ftp://x", "HOT", null, null, null, null, null);
        assertEquals(List.of("destination", "domain", "kind"), invalid(r));
        assertEquals(List.of("destination", "domain"), invalid(new MigrationRequest(null, null, null, null, null,
                null, null, null)));
    }

    /** A number out of its range, as the request gives it. */
    enum OutOfRange {
        DOWNTIME_ZERO(new MigrationRequest("g", URL, null, 0L, null, null, null, null), "downtime limit"),
        DOWNTIME_HUGE(new MigrationRequest("g", URL, null, 2_000_001L, null, null, null, null), "downtime limit"),
        BANDWIDTH_NEGATIVE(new MigrationRequest("g", URL, null, null, -1L, null, null, null), "bandwidth"),
        BANDWIDTH_OVERFLOWING(new MigrationRequest("g", URL, null, null, Long.MAX_VALUE >> 10, null, null, null),
                "bandwidth"),
        CHANNELS_ZERO(new MigrationRequest("g", URL, null, null, null, 0, null, null), "parallel channels"),
        CHANNELS_TOO_MANY(new MigrationRequest("g", URL, null, null, null, 65, null, null), "parallel channels"),
        TIMEOUT_NEGATIVE(new MigrationRequest("g", URL, null, null, null, null, -1L, null), "timeout"),
        TIMEOUT_OVER_A_DAY(new MigrationRequest("g", URL, null, null, null, null, 86_401L, null), "timeout");

        final MigrationRequest request;
        final String named;

        OutOfRange(MigrationRequest request, String named) {
            this.request = request;
            this.named = named;
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(OutOfRange.class)
    void aNumberOutOfRangeIsAnInvalidArgumentNamingTheOption(OutOfRange c) {
        assertEquals(List.of(), invalid(c.request));
        MigrationException e = assertThrows(MigrationException.class, () -> c.request.options(DEFAULTS));
        assertEquals(MigrationException.Code.INVALID_ARG, e.code());
        assertTrue(e.getMessage().contains(c.named), e.getMessage());
    }

    @Test
    void aDestinationWithAQueryIsInvalid() {
        assertEquals(List.of("destination"), invalid(new MigrationRequest("g", URL + "?x=1", null, null, null, null,
                null, null)));
    }

    @Test
    void optionsThatDoNotGoTogetherFailAsInvalidArgument() {
        MigrationRequest r = new MigrationRequest("guest", URL, "NATIVE", null, 10L, null, null, null);
        assertEquals(List.of(), invalid(r));
        MigrationException e = assertThrows(MigrationException.class, () -> r.options(DEFAULTS));
        assertEquals(MigrationException.Code.INVALID_ARG, e.code());
    }

    @Test
    void aColdMigrationTakesTheDefaultBandwidthAndTimeoutOverOneConnectionButRefusesAskedChannels() {
        MigrationOptions o = new MigrationRequest("guest", URL, "COLD", null, null, null, null, null).options(DEFAULTS);
        assertEquals(1, o.parallelChannels(), "the host's default of 2 channels is for live and warm");
        assertEquals(100L << 20, o.bandwidthLimit());
        assertEquals(Duration.ofSeconds(600), o.timeout());
        MigrationRequest asked = new MigrationRequest("guest", URL, "COLD", null, null, 4, null, null);
        assertEquals(MigrationException.Code.INVALID_ARG,
                assertThrows(MigrationException.class, () -> asked.options(DEFAULTS)).code());
    }

    @Test
    void aSmallBandwidthFailsMigrationOptionsOwnCheck() {
        MigrationDefaults unlimited = new MigrationDefaults("127.0.0.1", 0, 300, 0, 1, 0, true);
        MigrationOptions o = new MigrationRequest("guest", URL, null, null, 1L, null, null, null).options(unlimited);
        assertEquals(1L << 20, o.bandwidthLimit());
    }
}
